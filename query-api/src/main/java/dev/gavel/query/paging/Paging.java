package dev.gavel.query.paging;

import dev.gavel.query.error.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** limit (default 100, 1..1000) and the opaque {@code after} cursors (base64url of a small text). */
public final class Paging {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    private Paging() {
    }

    public static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            throw badLimit();
        }
        throw badLimit();
    }

    public static String encode(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badCursor();
        }
    }

    public static ApiException badCursor() {
        return ApiException.badRequest("after is not a cursor this service returned");
    }

    private static ApiException badLimit() {
        return ApiException.badRequest("limit must be an integer from 1 to " + MAX_LIMIT);
    }
}
