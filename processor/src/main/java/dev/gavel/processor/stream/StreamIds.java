package dev.gavel.processor.stream;

/** Arithmetic on Redis stream ids ({@code <ms>-<seq>}). */
public final class StreamIds {

    private StreamIds() {
    }

    /** The smallest id after {@code id}. */
    public static String after(String id) {
        int dash = id.indexOf('-');
        return id.substring(0, dash) + "-" + (Long.parseLong(id.substring(dash + 1)) + 1);
    }

    /** The Redis server time, in ms since the epoch, at which the entry was added. */
    public static long millisOf(String id) {
        int dash = id.indexOf('-');
        return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
    }
}
