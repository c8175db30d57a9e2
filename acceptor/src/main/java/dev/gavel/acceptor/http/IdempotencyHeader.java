package dev.gavel.acceptor.http;

import dev.gavel.acceptor.store.IdempotencyKey;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * Reads the optional {@code Idempotency-Key} header of a write: 1 to 64 printable ASCII characters,
 * given once. The fingerprint is a SHA-256 of the method, the path and the request's canonical body
 * (the parsed values, so {@code {"amount": 5}} and {@code {"amount":5.00}} are the same request).
 */
public final class IdempotencyHeader {

    public static final String NAME = "Idempotency-Key";
    private static final int MAX_LENGTH = 64;

    private IdempotencyHeader() {
    }

    /** The key and fingerprint, or null when the request carries no Idempotency-Key. */
    public static IdempotencyKey read(RoutingContext ctx, String canonicalBody) {
        List<String> values = ctx.request().headers().getAll(NAME);
        if (values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw ApiException.badRequest("Idempotency-Key must be given once");
        }
        String key = values.get(0);
        if (key.isEmpty() || key.length() > MAX_LENGTH || !printable(key)) {
            throw ApiException.badRequest("Idempotency-Key must be 1 to 64 printable ASCII characters");
        }
        String request = ctx.request().method().name() + ' ' + ctx.normalizedPath() + '\n' + canonicalBody;
        return new IdempotencyKey(key, sha256Hex(request));
    }

    private static boolean printable(String key) {
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return !key.isBlank();
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
