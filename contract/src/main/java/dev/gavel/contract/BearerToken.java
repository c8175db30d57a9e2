package dev.gavel.contract;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A bearer token (docs/api.md): {@code <payload>.<mac>}, both base64url without padding; the payload is
 * {@code v1:<username>:<cred version>:<roles, comma-separated>:<expires, epoch seconds>} and the mac its
 * HMAC-SHA256 under GAVEL_TOKEN_SECRET. query-api issues them; both services verify them, with no I/O.
 */
public record BearerToken(String username, long credVersion, List<String> roles, long expiresAtEpochSeconds) {

    /** Longer tokens are refused before any work: no valid token comes near it. */
    public static final int MAX_LENGTH = 1024;
    private static final String VERSION = "v1";
    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public BearerToken {
        Objects.requireNonNull(username, "username");
        roles = List.copyOf(roles);
    }

    /** The signed token text. */
    public String sign(byte[] secret) {
        String payload = B64.encodeToString((VERSION + ":" + username + ":" + credVersion + ":"
                + String.join(",", roles) + ":" + expiresAtEpochSeconds).getBytes(StandardCharsets.UTF_8));
        return payload + "." + B64.encodeToString(hmac(secret, payload));
    }

    /** The token when its signature is valid and it has not expired at {@code nowEpochSeconds}; empty otherwise. */
    public static Optional<BearerToken> verify(String token, byte[] secret, long nowEpochSeconds) {
        if (token == null || token.length() > MAX_LENGTH) {
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
            if (!MessageDigest.isEqual(mac, hmac(secret, payloadPart))) {
                return Optional.empty();
            }
            fields = new String(Base64.getUrlDecoder().decode(payloadPart), StandardCharsets.UTF_8).split(":", -1);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (fields.length != 5 || !VERSION.equals(fields[0]) || !Identifiers.isUsername(fields[1])) {
            return Optional.empty();
        }
        long credVersion;
        long expires;
        try {
            credVersion = Long.parseLong(fields[2]);
            expires = Long.parseLong(fields[4]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (nowEpochSeconds >= expires) {
            return Optional.empty();
        }
        List<String> roles = Arrays.stream(fields[3].split(",")).filter(role -> !role.isEmpty()).toList();
        return Optional.of(new BearerToken(fields[1], credVersion, roles, expires));
    }

    private static byte[] hmac(byte[] secret, String payload) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }
}
