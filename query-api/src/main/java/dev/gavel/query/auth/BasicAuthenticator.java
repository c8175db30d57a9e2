package dev.gavel.query.auth;

import dev.gavel.contract.AuthMessages;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.user.UserDoc;
import dev.gavel.query.user.UserRepository;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTTP Basic against the MongoDB user. The slow hash is checked once per header; the
 * SHA-256 of a verified header is then remembered for a few seconds, and only while the
 * user's credential version is unchanged. The abuse limits ({@link AuthThrottle}) are checked before any
 * lookup; the hash runs on the bounded {@link HashPool}, also for a username that does not exist.
 * Blocking: call it off the event loop.
 */
@Singleton
public class BasicAuthenticator implements Authenticator {

    static final Duration CACHE_TTL = Duration.ofSeconds(5);
    private static final int CACHE_MAX = 10_000;
    private static final String SCHEME = "basic ";

    private final UserRepository users;
    private final HashPool hashes;
    private final AuthThrottle throttle;
    private final ClientAddresses addresses;
    private final Map<String, Verified> verified = new ConcurrentHashMap<>();

    public BasicAuthenticator(UserRepository users, HashPool hashes, AuthThrottle throttle, ClientAddresses addresses) {
        this.users = users;
        this.hashes = hashes;
        this.throttle = throttle;
        this.addresses = addresses;
    }

    @Override
    public Optional<Principal> authenticate(String header) {
        if (header.length() < SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        String address = addresses.current();
        String[] credentials;
        try {
            credentials = decode(header.substring(SCHEME.length()).trim());
        } catch (ApiException malformed) {
            throttle.failed(null, address);
            throw malformed;
        }
        String digest = sha256(header);
        throttle.checkAttempt(credentials[0], address, digest);
        UserDoc user = users.findByUsername(credentials[0]).orElse(null);
        Verified cached = verified.get(digest);
        long now = System.nanoTime();
        boolean fresh = user != null && cached != null && cached.credVersion() == user.credVersion()
                && now < cached.expiresAtNanos();
        if (!fresh) {
            if (!hashes.verify(user == null ? null : user.passwordHash(), credentials[1])) {
                verified.remove(digest);
                throttle.failed(credentials[0], address);
                throw ApiException.unauthorized(AuthMessages.BAD_CREDENTIALS);
            }
            throttle.verified(digest);
            if (verified.size() >= CACHE_MAX) {
                verified.clear();
            }
            verified.put(digest, new Verified(user.credVersion(), now + CACHE_TTL.toNanos()));
        }
        return Optional.of(new Principal(user.username(), user.roles(), user.credVersion()));
    }

    private static String[] decode(String token) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.unauthorized(AuthMessages.MALFORMED_BASIC);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0) {
            throw ApiException.unauthorized(AuthMessages.MALFORMED_BASIC);
        }
        return new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    }

    private static String sha256(String value) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available in this JVM", e);
        }
    }

    private record Verified(long credVersion, long expiresAtNanos) {
    }
}
