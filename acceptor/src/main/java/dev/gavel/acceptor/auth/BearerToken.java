package dev.gavel.acceptor.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A token issued by query-api's {@code POST /auth/tokens} (docs/api.md): {@code <payload>.<mac>}, both
 * base64url without padding, the payload {@code v1:<username>:<cred version>:<roles>:<expires epoch s>}
 * and the mac its HMAC-SHA256 under GAVEL_TOKEN_SECRET. Checked with no I/O.
 */
public record BearerToken(String username, String ver, Set<String> roles, long expiresAtEpochSeconds) {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");
    private static final int MAX_LENGTH = 1024;

    public BearerToken {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(ver, "ver");
        roles = Set.copyOf(roles);
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
        byte[] mac;
        byte[] payload;
        try {
            mac = Base64.getUrlDecoder().decode(token.substring(dot + 1));
            payload = Base64.getUrlDecoder().decode(payloadPart);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (!MessageDigest.isEqual(mac, hmac(secret, payloadPart.getBytes(StandardCharsets.US_ASCII)))) {
            return Optional.empty();
        }
        String[] fields = new String(payload, StandardCharsets.UTF_8).split(":", -1);
        if (fields.length != 5 || !"v1".equals(fields[0]) || !USERNAME.matcher(fields[1]).matches()) {
            return Optional.empty();
        }
        long expires;
        try {
            expires = Long.parseLong(fields[4]);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        if (nowEpochSeconds >= expires) {
            return Optional.empty();
        }
        Set<String> roles = Arrays.stream(fields[3].split(",")).filter(role -> !role.isEmpty())
                .collect(Collectors.toUnmodifiableSet());
        return Optional.of(new BearerToken(fields[1], fields[2], roles, expires));
    }

    static byte[] hmac(byte[] secret, byte[] data) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secret, ALGORITHM));
            return mac.doFinal(data);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(ALGORITHM + " is not available", e);
        }
    }
}
