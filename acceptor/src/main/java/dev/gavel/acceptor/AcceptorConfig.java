package dev.gavel.acceptor;

import dev.gavel.acceptor.auth.AbuseSettings;
import dev.gavel.contract.EnvSettings;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisTarget;
import dev.gavel.contract.TokenSecret;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The acceptor's settings, read once from the environment (see docs/configuration.md).
 * A malformed value fails fast with a one-line message naming the variable.
 */
public record AcceptorConfig(
        String host,
        int port,
        int verticles,
        String redisUrl,
        int partitions,
        long redisTimeoutMs,
        int redisPoolSize,
        int redisWaitReplicas,
        int authCacheSize,
        long authRevalidateMs,
        int maxBodyBytes,
        String company,
        String tokenSecret,
        AbuseSettings abuse) {

    public static final String HOST = "GAVEL_ACCEPTOR_HOST";
    public static final String PORT = "GAVEL_ACCEPTOR_PORT";
    public static final String VERTICLES = "GAVEL_ACCEPTOR_VERTICLES";
    public static final String REDIS_URL = "GAVEL_REDIS_URL";
    public static final String PARTITIONS = "GAVEL_PARTITIONS";
    public static final String REDIS_TIMEOUT_MS = "GAVEL_REDIS_TIMEOUT_MS";
    public static final String REDIS_POOL_SIZE = "GAVEL_REDIS_POOL_SIZE";
    public static final String REDIS_WAIT_REPLICAS = "GAVEL_REDIS_WAIT_REPLICAS";
    public static final String AUTH_CACHE_SIZE = "GAVEL_AUTH_CACHE_SIZE";
    public static final String AUTH_REVALIDATE_MS = "GAVEL_AUTH_REVALIDATE_MS";
    public static final String MAX_BODY_BYTES = "GAVEL_MAX_BODY_BYTES";
    public static final String COMPANY = "GAVEL_COMPANY";
    public static final String DEFAULT_COMPANY = "Gavel Inc.";
    public static final String TOKEN_SECRET = "GAVEL_TOKEN_SECRET";
    public static final String HOME = "GAVEL_HOME";

    private static final Set<String> REDIS_SCHEMES = Set.of("redis", "rediss", "unix");

    public AcceptorConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(redisUrl, "redisUrl");
        Objects.requireNonNull(company, "company");
        Objects.requireNonNull(tokenSecret, "tokenSecret");
        Objects.requireNonNull(abuse, "abuse");
    }

    @Override
    public String toString() {
        return "AcceptorConfig[host=" + host + ", port=" + port + ", verticles=" + verticles + ", redisUrl=" + redactedRedisUrl()
                + ", partitions=" + partitions + "]";
    }

    /**
     * The Redis URL fit for a log line: a password in it (redis://:secret@host, or in each seed of
     * redis-cluster://:secret@h1:p1,:secret@h2:p2) shown as ***.
     */
    public String redactedRedisUrl() {
        return redisUrl.replaceAll("(^[a-z-]+://|,)[^,@/]*@", "$1***@");
    }

    public static AcceptorConfig fromEnvironment(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        int verticles = intValue(env, VERTICLES, Runtime.getRuntime().availableProcessors(), 1, 1024);
        return new AcceptorConfig(
                host(env),
                intValue(env, PORT, 8081, 0, 65_535),
                verticles,
                redisUrl(env),
                intValue(env, PARTITIONS, Partitioner.DEFAULT_PARTITIONS, Partitioner.MIN_PARTITIONS, Partitioner.MAX_PARTITIONS),
                intValue(env, REDIS_TIMEOUT_MS, 1500, 1, 600_000),
                intValue(env, REDIS_POOL_SIZE, verticles, 1, 10_000),
                intValue(env, REDIS_WAIT_REPLICAS, 0, 0, 10),
                intValue(env, AUTH_CACHE_SIZE, 10_000, 1, 10_000_000),
                intValue(env, AUTH_REVALIDATE_MS, 2000, 0, 5000),
                intValue(env, MAX_BODY_BYTES, 1024, 1, 1_048_576),
                company(env),
                tokenSecret(env),
                AbuseSettings.fromEnvironment(env));
    }

    public AcceptorConfig withPort(int newPort) {
        return new AcceptorConfig(host, newPort, verticles, redisUrl, partitions, redisTimeoutMs, redisPoolSize,
                redisWaitReplicas, authCacheSize, authRevalidateMs, maxBodyBytes, company, tokenSecret, abuse);
    }

    /** GAVEL_TOKEN_SECRET, or the stack's shared secret file under GAVEL_HOME (created when missing). */
    private static String tokenSecret(Map<String, String> env) {
        try {
            return TokenSecret.resolve(env.get(TOKEN_SECRET), Path.of(raw(env, HOME, "./var")));
        } catch (RuntimeException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static String host(Map<String, String> env) {
        String value = raw(env, HOST, "127.0.0.1");
        if (value.isEmpty() || value.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException(HOST + " must be a host name or address, got '" + value + "'");
        }
        return value;
    }

    /** The company named on every certificate: 1 to 200 characters, no control characters. */
    private static String company(Map<String, String> env) {
        String value = raw(env, COMPANY, DEFAULT_COMPANY);
        if (value.codePointCount(0, value.length()) > 200 || value.codePoints().anyMatch(Character::isISOControl)) {
            throw new ConfigException(COMPANY + " must be 1 to 200 characters without control characters");
        }
        return value;
    }

    private static String redisUrl(Map<String, String> env) {
        String value = raw(env, REDIS_URL, "redis://127.0.0.1:6379");
        if (value.startsWith(RedisTarget.CLUSTER_SCHEME)) {
            try {
                RedisTarget.parse(value);
                return value;
            } catch (IllegalArgumentException e) {
                throw new ConfigException(e.getMessage());
            }
        }
        try {
            URI uri = new URI(value);
            if (uri.getScheme() == null || !REDIS_SCHEMES.contains(uri.getScheme())) {
                throw new ConfigException(REDIS_URL + " must be a redis://, rediss://, unix:// or "
                        + RedisTarget.CLUSTER_SCHEME + " URL, got '" + value + "'");
            }
        } catch (URISyntaxException e) {
            throw new ConfigException(REDIS_URL + " is not a valid URL: '" + value + "'");
        }
        return value;
    }

    /** An integer setting from {@code min} to {@code max}, read as every Gavel process reads it ({@link EnvSettings}). */
    public static int intValue(Map<String, String> env, String name, int defaultValue, int min, int max) {
        try {
            return EnvSettings.intValue(env, name, defaultValue, min, max);
        } catch (EnvSettings.InvalidSetting e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private static String raw(Map<String, String> env, String name, String defaultValue) {
        return EnvSettings.text(env, name, defaultValue);
    }

    /** A setting that cannot be used; its message is one line naming the variable. */
    public static final class ConfigException extends RuntimeException {
        public ConfigException(String message) {
            super(message);
        }
    }
}
