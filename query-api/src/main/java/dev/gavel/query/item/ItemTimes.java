package dev.gavel.query.item;

import dev.gavel.contract.MicroTime;
import dev.gavel.query.error.ApiException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** The times of an item's request bodies, as microseconds since the epoch. */
final class ItemTimes {

    /** Times stay below 2^53 microseconds, so the bid script's Lua numbers compare them exactly. */
    private static final Instant LATEST = Instant.parse("2200-01-01T00:00:00Z");

    private ItemTimes() {
    }

    static long micros(String field, String value) {
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(field + " must be an ISO-8601 time with an offset, e.g. 2026-11-22T14:41:00Z");
        }
        if (instant.isBefore(Instant.EPOCH) || !instant.isBefore(LATEST)) {
            throw ApiException.badRequest(field + " must be from 1970 to 2199");
        }
        return MicroTime.toMicros(instant);
    }

    static Long microsOrNull(String field, String value) {
        return value == null ? null : micros(field, value);
    }
}
