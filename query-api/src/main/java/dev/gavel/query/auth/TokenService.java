package dev.gavel.query.auth;

import dev.gavel.query.GavelConfig;
import jakarta.inject.Singleton;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Bearer tokens: {@code <payload>.<mac>}, both base64url without padding; the payload is
 * {@code v1:<username>:<cred version>:<roles, comma-separated>:<expires, epoch seconds>} and the mac its
 * HMAC-SHA256 under GAVEL_TOKEN_SECRET. The acceptor verifies the same format (docs/api.md).
 */
@Singleton
public class TokenService {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final byte[] secret;
    private final long ttlSeconds;
    private final Clock clock;

    public TokenService(GavelConfig config) {
        this(TokenSecret.resolve(config.getTokenSecret(), config.homeDir()), config.getTokenTtlSeconds(), Clock.systemUTC());
    }

    TokenService(String secret, long ttlSeconds, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.ttlSeconds = ttlSeconds;
        this.clock = clock;
    }

    public Issued issue(Principal principal) {
        Instant expires = clock.instant().plusSeconds(ttlSeconds).truncatedTo(ChronoUnit.SECONDS);
        String payload = B64.encodeToString(("v1:" + principal.username() + ":" + principal.credVersion() + ":"
                + String.join(",", principal.roles()) + ":" + expires.getEpochSecond()).getBytes(StandardCharsets.UTF_8));
        return new Issued(payload + "." + B64.encodeToString(mac(payload)), expires);
    }

    /** The claims of a token whose signature is valid and which has not expired; empty otherwise. */
    public Optional<Claims> verify(String token) {
        if (token == null || token.length() > 1024) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot <= 0 || dot != token.lastIndexOf('.')) {
            return Optional.empty();
        }
        String payloadPart = token.substring(0, dot);
        String[] fields;
        try {
            byte[] mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac, mac(payloadPart))) {
                return Optional.empty();
            }
            fields = new String(Base64.getUrlDecoder().decode(payloadPart), StandardCharsets.UTF_8).split(":", -1);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (fields.length != 5 || !"v1".equals(fields[0]) || !USERNAME.matcher(fields[1]).matches()) {
            return Optional.empty();
        }
        try {
            long credVersion = Long.parseLong(fields[2]);
            long expires = Long.parseLong(fields[4]);
            if (clock.instant().getEpochSecond() >= expires) {
                return Optional.empty();
            }
            List<String> roles = Arrays.stream(fields[3].split(",")).filter(role -> !role.isEmpty()).toList();
            return Optional.of(new Claims(fields[1], credVersion, roles));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
    }

    /** A freshly signed token and when it expires. */
    public record Issued(String token, Instant expiresAt) {
    }

    /** What a valid token says: who, at which credential version, with which roles. */
    public record Claims(String username, long credVersion, List<String> roles) {
    }
}
