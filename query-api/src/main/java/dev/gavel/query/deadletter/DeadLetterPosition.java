package dev.gavel.query.deadletter;

import dev.gavel.query.paging.Paging;

import java.util.regex.Pattern;

/**
 * Where a dead letter stands in the merged order of all partitions: its stream id (milliseconds, then
 * sequence, as numbers), then its partition. The text of the dead letters' cursor. Both parts of a stream id
 * are unsigned 64-bit numbers in Redis, so they are read and compared as such.
 */
record DeadLetterPosition(long millis, long sequence, int partition) implements Comparable<DeadLetterPosition> {

    /** Before every entry: stream ids start above 0-0. */
    static final DeadLetterPosition START = new DeadLetterPosition(0, 0, -1);

    /** A Redis stream id as XADD makes them; at most 19 digits a part, so never past 2^64 - 1. */
    private static final Pattern STREAM_ID = Pattern.compile("(0|[1-9][0-9]{0,18})-(0|[1-9][0-9]{0,18})");
    private static final Pattern PARTITION = Pattern.compile("0|[1-9][0-9]{0,4}");

    /** The position of the entry with this stream id in this partition. */
    static DeadLetterPosition of(String streamId, int partition) {
        int dash = streamId.indexOf('-');
        return new DeadLetterPosition(Long.parseUnsignedLong(streamId.substring(0, dash)),
                Long.parseUnsignedLong(streamId.substring(dash + 1)), partition);
    }

    /** The position a cursor names; 400 for anything {@link #text} did not make for one of {@code partitions}. */
    static DeadLetterPosition parse(String cursor, int partitions) {
        String[] parts = Paging.decode(cursor).split("\\|", 2);
        if (parts.length != 2 || !STREAM_ID.matcher(parts[0]).matches() || !PARTITION.matcher(parts[1]).matches()) {
            throw Paging.badCursor();
        }
        int partition = Integer.parseInt(parts[1]);
        if (partition >= partitions) {
            throw Paging.badCursor();
        }
        return of(parts[0], partition);
    }

    /** The stream id, for an XRANGE that starts here. */
    String streamId() {
        return Long.toUnsignedString(millis) + "-" + Long.toUnsignedString(sequence);
    }

    String text() {
        return streamId() + "|" + partition;
    }

    @Override
    public int compareTo(DeadLetterPosition other) {
        int byMillis = Long.compareUnsigned(millis, other.millis);
        if (byMillis != 0) {
            return byMillis;
        }
        int bySequence = Long.compareUnsigned(sequence, other.sequence);
        return bySequence != 0 ? bySequence : Integer.compare(partition, other.partition);
    }
}
