package dev.gavel.acceptor.auth;

import dev.gavel.acceptor.http.ApiException;
import dev.gavel.acceptor.store.RedisStore;
import dev.gavel.contract.AuthMessages;
import dev.gavel.contract.BearerToken;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.TokenSecret;
import dev.gavel.contract.UserHash;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * {@code Bearer} tokens: signature and expiry are checked with no I/O. The token's credential version is
 * then compared with the user's current one, which the {@link CredentialCache} remembers per user and
 * re-reads (one HGET of {@code ver}) at most once per revalidation interval, so a password or role change
 * revokes older tokens within that interval, as it does cached Basic credentials.
 */
public final class BearerAuthenticator implements Authenticator {

    private static final String SCHEME = "bearer ";
    private static final ApiException INVALID = ApiException.unauthorized(AuthMessages.INVALID_TOKEN);
    private static final ApiException REVOKED = ApiException.unauthorized(AuthMessages.REVOKED_TOKEN);

    private final RedisStore store;
    private final CredentialCache cache;
    private final byte[] secret;
    private final long revalidateNanos;
    private final LongSupplier nanoClock;
    private final LongSupplier epochSeconds;

    public BearerAuthenticator(RedisStore store, CredentialCache cache, String secret, long revalidateMs,
                               LongSupplier nanoClock, LongSupplier epochSeconds) {
        this.store = Objects.requireNonNull(store, "store");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.secret = TokenSecret.keyBytes(Objects.requireNonNull(secret, "secret"));
        this.revalidateNanos = TimeUnit.MILLISECONDS.toNanos(revalidateMs);
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.epochSeconds = Objects.requireNonNull(epochSeconds, "epochSeconds");
    }

    static boolean claims(String header) {
        return header != null && header.regionMatches(true, 0, SCHEME, 0, SCHEME.length());
    }

    @Override
    public Future<Principal> authenticate(String authorizationHeader) {
        if (!claims(authorizationHeader)) {
            return Future.failedFuture(INVALID);
        }
        Optional<BearerToken> verified = BearerToken.verify(
                authorizationHeader.substring(SCHEME.length()).trim(), secret, epochSeconds.getAsLong());
        if (verified.isEmpty()) {
            return Future.failedFuture(INVALID);
        }
        BearerToken token = verified.get();
        long now = nanoClock.getAsLong();
        CredentialCache.Version known = cache.version(token.username());
        if (known != null && now - known.seenAtNanos() < revalidateNanos) {
            return decide(token, known.ver());
        }
        String userKey = RedisKeys.user(token.username());
        return store.read(Request.cmd(Command.HGET).arg(userKey).arg(UserHash.VERSION), userKey)
                .compose(ver -> {
                    String current = ver == null ? null : ver.toString();
                    if (current != null) {
                        cache.sawVersion(token.username(), current, nanoClock.getAsLong());
                    }
                    return decide(token, current);
                });
    }

    private static Future<Principal> decide(BearerToken token, String currentVer) {
        if (currentVer == null || !currentVer.equals(Long.toString(token.credVersion()))) {
            return Future.failedFuture(REVOKED);
        }
        return Future.succeededFuture(new Principal(token.username(), Set.copyOf(token.roles())));
    }
}
