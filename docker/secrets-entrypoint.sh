#!/bin/sh
# Reads the services' secrets from files (Docker secrets) instead of plain environment variables:
# for NAME in GAVEL_TOKEN_SECRET, GAVEL_ADMIN_PASSWORD and GAVEL_REDIS_PASSWORD, when NAME_FILE names a
# file, NAME is set to its content (one trailing newline dropped) for the service alone, and NAME_FILE
# is removed. GAVEL_REDIS_PASSWORD then goes into GAVEL_REDIS_URL (redis://host:port becomes
# redis://:PASSWORD@host:port; for a cluster, redis-cluster://h1:p1,h2:p2 becomes
# redis-cluster://:PASSWORD@h1:p1,:PASSWORD@h2:p2, every seed with it), so it must be URL-safe: generate it
# with `openssl rand -hex 32`.
# docs/configuration.md ("Secrets in files") describes it.
set -eu

for name in GAVEL_TOKEN_SECRET GAVEL_ADMIN_PASSWORD GAVEL_REDIS_PASSWORD; do
    eval "file=\${${name}_FILE:-}"
    if [ -n "$file" ]; then
        [ -r "$file" ] || { echo "gavel: ${name}_FILE names $file, which cannot be read" >&2; exit 1; }
        value=$(cat "$file")
        export "$name=$value"
        unset "${name}_FILE"
    fi
done

if [ -n "${GAVEL_REDIS_PASSWORD:-}" ]; then
    case "$GAVEL_REDIS_PASSWORD" in
        *[!A-Za-z0-9._~-]*) echo "gavel: GAVEL_REDIS_PASSWORD must be URL-safe ([A-Za-z0-9._~-])" >&2; exit 1 ;;
    esac
    url=${GAVEL_REDIS_URL:-redis://127.0.0.1:6379}
    case "$url" in
        redis://*@*) ;;
        redis://*) GAVEL_REDIS_URL="redis://:${GAVEL_REDIS_PASSWORD}@${url#redis://}" ;;
        redis-cluster://*@*) ;;
        redis-cluster://*)
            seeds=""
            for seed in $(echo "${url#redis-cluster://}" | tr ',' ' '); do
                seeds="${seeds:+$seeds,}:${GAVEL_REDIS_PASSWORD}@$seed"
            done
            GAVEL_REDIS_URL="redis-cluster://$seeds"
            ;;
        *) echo "gavel: GAVEL_REDIS_PASSWORD needs a redis:// or redis-cluster:// GAVEL_REDIS_URL" >&2; exit 1 ;;
    esac
    export GAVEL_REDIS_URL
    unset GAVEL_REDIS_PASSWORD
fi

exec "$@"
