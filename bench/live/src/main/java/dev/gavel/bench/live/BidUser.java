package dev.gavel.bench.live;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Whether a {@code bid} event's data names one user: the probe bids' user, so the tool knows which
 * events are its own probes without parsing the JSON of every other event (on the hot item most
 * events are the bid load's). Looks for the key {@code "user"} followed, after optional whitespace, a
 * colon and optional whitespace, by exactly the quoted name.
 */
final class BidUser {

    private static final byte[] KEY = "\"user\"".getBytes(StandardCharsets.US_ASCII);

    private final byte[] quotedName;

    /** {@code name}: a bench user name (letters, digits, '-'), so it needs no JSON escaping. */
    BidUser(String name) {
        this.quotedName = ("\"" + name + "\"").getBytes(StandardCharsets.UTF_8);
    }

    boolean matches(byte[] data, int length) {
        int from = 0;
        while (true) {
            int key = find(data, from, length, KEY);
            if (key < 0) {
                return false;
            }
            int i = skipSpace(data, key + KEY.length, length);
            if (i < length && data[i] == ':') {
                i = skipSpace(data, i + 1, length);
                return i + quotedName.length <= length && Arrays.equals(data, i, i + quotedName.length, quotedName, 0, quotedName.length);
            }
            from = key + 1;
        }
    }

    private static int skipSpace(byte[] data, int from, int length) {
        int i = from;
        while (i < length && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r')) {
            i++;
        }
        return i;
    }

    private static int find(byte[] data, int from, int length, byte[] what) {
        for (int i = from; i + what.length <= length; i++) {
            if (Arrays.equals(data, i, i + what.length, what, 0, what.length)) {
                return i;
            }
        }
        return -1;
    }
}
