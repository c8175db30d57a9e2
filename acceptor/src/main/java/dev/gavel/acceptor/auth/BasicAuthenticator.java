package dev.gavel.acceptor.auth;

import dev.gavel.acceptor.http.ApiException;
import dev.gavel.acceptor.store.RedisStore;
import dev.gavel.contract.AuthMessages;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.UserHash;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Basic credentials checked against the user's mirrored slow hash in Redis, then cached.
 * A cached credential older than the revalidation interval costs one HGET of the user's {@code ver}:
 * unchanged, it is refreshed; changed or gone, it is dropped and checked in full again, so a password
 * or role change takes effect within that interval.
 */
public final class BasicAuthenticator implements Authenticator {

    private static final ApiException INVALID = ApiException.unauthorized(AuthMessages.BAD_CREDENTIALS);

    private final HashPool hashes;
    private final RedisStore store;
    private final CredentialCache cache;
    private final long revalidateNanos;
    private final LongSupplier nanoClock;

    public BasicAuthenticator(HashPool hashes, RedisStore store, CredentialCache cache, long revalidateMs,
                              LongSupplier nanoClock) {
        this.hashes = Objects.requireNonNull(hashes, "hashes");
        this.store = Objects.requireNonNull(store, "store");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.revalidateNanos = TimeUnit.MILLISECONDS.toNanos(revalidateMs);
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    @Override
    public Future<Principal> authenticate(String authorizationHeader) {
        BasicCredentials credentials;
        try {
            credentials = BasicCredentials.parse(authorizationHeader);
        } catch (ApiException e) {
            return Future.failedFuture(e);
        }
        String digest = digest(authorizationHeader);
        long now = nanoClock.getAsLong();
        CredentialCache.Entry cached = cache.get(digest);
        if (cached != null) {
            if (now - cached.verifiedAtNanos() < revalidateNanos) {
                return Future.succeededFuture(cached.principal());
            }
            return revalidate(digest, cached, credentials);
        }
        Long rejectedAt = cache.rejectedAt(digest);
        if (rejectedAt != null && now - rejectedAt < revalidateNanos) {
            return Future.failedFuture(INVALID);
        }
        return fullCheck(digest, credentials);
    }

    private Future<Principal> revalidate(String digest, CredentialCache.Entry cached, BasicCredentials credentials) {
        String userKey = RedisKeys.user(cached.principal().username());
        return store.read(Request.cmd(Command.HGET).arg(userKey).arg(UserHash.VERSION), userKey)
                .compose(ver -> {
                    if (ver != null) {
                        cache.sawVersion(cached.principal().username(), ver.toString(), nanoClock.getAsLong());
                    }
                    if (ver != null && ver.toString().equals(cached.ver())) {
                        cache.put(digest, new CredentialCache.Entry(cached.principal(), cached.ver(), nanoClock.getAsLong()));
                        return Future.succeededFuture(cached.principal());
                    }
                    cache.drop(digest, cached);
                    return fullCheck(digest, credentials);
                });
    }

    private Future<Principal> fullCheck(String digest, BasicCredentials credentials) {
        Future<CredentialCache.Entry> shared = cache.singleFlight(digest, () -> verify(digest, credentials));
        return onCallerContext(shared).map(CredentialCache.Entry::principal);
    }

    private Future<CredentialCache.Entry> verify(String digest, BasicCredentials credentials) {
        String username = credentials.username();
        String userKey = RedisKeys.user(username);
        Request lookup = Request.cmd(Command.HMGET).arg(userKey)
                .arg(UserHash.HASH).arg(UserHash.ROLES).arg(UserHash.VERSION);
        return store.read(lookup, userKey).compose(fields -> {
            String hash = text(fields, 0);
            String ver = text(fields, 2);
            Set<String> roles = roles(text(fields, 1));
            // No hash (no such user) still costs a full check against a dummy, so both failures take as long.
            return hashes.verify(credentials.password(), hash)
                    .compose(matches -> {
                        if (!matches) {
                            cache.reject(digest, nanoClock.getAsLong());
                            return Future.failedFuture(INVALID);
                        }
                        CredentialCache.Entry entry = new CredentialCache.Entry(
                                new Principal(username, roles), ver == null ? "" : ver, nanoClock.getAsLong());
                        if (ver != null) {
                            cache.sawVersion(username, ver, nanoClock.getAsLong());
                            cache.put(digest, entry);
                        }
                        return Future.succeededFuture(entry);
                    });
        });
    }

    /** A verification shared across event loops completes on its own; continue on the caller's. */
    private static <T> Future<T> onCallerContext(Future<T> future) {
        Context caller = Vertx.currentContext();
        if (caller == null) {
            return future;
        }
        Promise<T> promise = Promise.promise();
        future.onComplete((result, failure) -> {
            if (Vertx.currentContext() == caller) {
                promise.complete(result, failure);
            } else {
                caller.runOnContext(ignored -> promise.complete(result, failure));
            }
        });
        return promise.future();
    }

    private static String text(Response fields, int index) {
        Response field = fields == null ? null : fields.get(index);
        return field == null ? null : field.toString();
    }

    private static Set<String> roles(String roles) {
        if (roles == null || roles.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(roles.split(",")).map(String::trim).filter(role -> !role.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
    }

    static String digest(String header) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(header.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
