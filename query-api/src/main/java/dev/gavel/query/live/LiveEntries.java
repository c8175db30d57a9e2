package dev.gavel.query.live;

import dev.gavel.contract.StreamEntry;

import java.util.Map;
import java.util.Optional;

/**
 * Turns an event stream entry's fields into a {@link LiveEvent}. Lenient on purpose: a field that is
 * missing or not a number reads as empty or 0, so one odd entry (the processor dead-letters those) never
 * stops the live streams.
 */
final class LiveEntries {

    private LiveEntries() {
    }

    static LiveEvent parse(int partition, String streamId, Map<String, String> fields) {
        return new LiveEvent(partition, streamId,
                text(fields, StreamEntry.TYPE),
                text(fields, StreamEntry.ITEM),
                text(fields, StreamEntry.USER),
                number(fields, StreamEntry.SEQ).orElse(0L),
                number(fields, StreamEntry.AMOUNT_CENTS).orElse(0L),
                number(fields, StreamEntry.PRICE_CENTS),
                "1".equals(fields.get(StreamEntry.LEADING)),
                "1".equals(fields.get(StreamEntry.AUTO)),
                number(fields, StreamEntry.TS_US).orElse(0L),
                number(fields, StreamEntry.CLOSES_AT_US),
                text(fields, StreamEntry.DISPLACED),
                text(fields, StreamEntry.RESULT),
                text(fields, StreamEntry.REASON),
                text(fields, StreamEntry.WINNER));
    }

    private static String text(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value == null ? "" : value;
    }

    private static Optional<Long> number(Map<String, String> fields, String name) {
        String value = fields.get(name);
        if (value == null || value.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
