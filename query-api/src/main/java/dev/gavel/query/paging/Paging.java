package dev.gavel.query.paging;

import dev.gavel.contract.Texts;
import dev.gavel.query.error.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * limit (default 100, 1..1000) and the opaque {@code after} cursors (base64url of a small text).
 * A cursor is read strictly: only the exact text {@link #encode} produces decodes, so a garbled or
 * hand-made one is a 400, never a silent first page, and never reaches a store as a malformed range.
 */
public final class Paging {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;
    /** Longer cursors were never handed out: the longest holds a timestamp and an event id. */
    static final int MAX_CURSOR_LENGTH = 512;
    /** Sequence and certificate numbers stay below 2^53 (exact in Lua); a cursor past that is forged. */
    public static final long MAX_NUMBER = 1L << 53;
    private static final Pattern LIMIT = Pattern.compile("[0-9]{1,4}");
    private static final Pattern POSITIVE = Pattern.compile("[1-9][0-9]{0,15}");
    private static final Pattern INTEGER = Pattern.compile("0|-?[1-9][0-9]{0,17}");

    private Paging() {
    }

    public static int limit(String value) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        if (LIMIT.matcher(value).matches()) {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        }
        throw badLimit();
    }

    public static String encode(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor's text; 400 unless {@code cursor} is exactly what {@link #encode} made of printable text. */
    public static String decode(String cursor) {
        if (cursor == null || cursor.isEmpty() || cursor.length() > MAX_CURSOR_LENGTH) {
            throw badCursor();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw badCursor();
        }
        // Re-encoding catches padding, stray bits and bytes that were not UTF-8 (decoded as U+FFFD).
        if (!encode(text).equals(cursor) || !Texts.isClean(text)) {
            throw badCursor();
        }
        return text;
    }

    /** A part of a cursor that must be a number from 1 to {@link #MAX_NUMBER}, written plainly. */
    public static long positive(String text) {
        if (text == null || !POSITIVE.matcher(text).matches()) {
            throw badCursor();
        }
        long number = Long.parseLong(text);
        if (number > MAX_NUMBER) {
            throw badCursor();
        }
        return number;
    }

    /** A part of a cursor that must be an integer (a timestamp in microseconds), written plainly. */
    public static long integer(String text) {
        if (text == null || !INTEGER.matcher(text).matches()) {
            throw badCursor();
        }
        return Long.parseLong(text);
    }

    public static ApiException badCursor() {
        return ApiException.badRequest("after is not a cursor this service returned");
    }

    private static ApiException badLimit() {
        return ApiException.badRequest("limit must be an integer from 1 to " + MAX_LIMIT);
    }
}
