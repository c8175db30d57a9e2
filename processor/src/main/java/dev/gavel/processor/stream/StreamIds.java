package dev.gavel.processor.stream;

import dev.gavel.contract.StreamEntry;
import io.lettuce.core.Range;

/** Arithmetic on Redis stream ids ({@code <ms>-<seq>}). */
public final class StreamIds {

    private StreamIds() {
    }

    /** The smallest id after {@code id}. */
    public static String after(String id) {
        int dash = id.indexOf('-');
        return id.substring(0, dash) + "-" + (Long.parseLong(id.substring(dash + 1)) + 1);
    }

    /** The range of a stream after {@code mark} (an entry id), or the whole stream when there is no mark. */
    public static Range<String> rangeAfter(String mark) {
        return mark == null
                ? Range.unbounded()
                : Range.from(Range.Boundary.including(after(mark)), Range.Boundary.unbounded());
    }

    /** Orders two ids as Redis does: by time, then by sequence. */
    public static int compare(String a, String b) {
        int byTime = Long.compare(millisOf(a), millisOf(b));
        return byTime != 0 ? byTime : Long.compare(sequenceOf(a), sequenceOf(b));
    }

    private static long sequenceOf(String id) {
        int dash = id.indexOf('-');
        return dash < 0 ? 0 : Long.parseLong(id.substring(dash + 1));
    }

    /** The Redis server time, in ms since the epoch, at which the entry was added. */
    public static long millisOf(String id) {
        return StreamEntry.millisOf(id);
    }
}
