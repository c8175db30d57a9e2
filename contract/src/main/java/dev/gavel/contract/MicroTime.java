package dev.gavel.contract;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * Times are microseconds since the epoch, UTC, in Redis, streams and MongoDB ({@code ts_us}), and
 * ISO-8601 UTC with exactly six fractional digits in JSON ({@code 2026-11-22T14:41:00.123456Z}).
 */
public final class MicroTime {

    private static final DateTimeFormatter ISO_MICROS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private MicroTime() {
    }

    public static String format(long epochMicros) {
        return ISO_MICROS.format(toInstant(epochMicros));
    }

    public static String format(Instant instant) {
        return ISO_MICROS.format(instant);
    }

    public static long toMicros(Instant instant) {
        return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L), instant.getNano() / 1_000);
    }

    public static Instant toInstant(long epochMicros) {
        return Instant.EPOCH.plus(epochMicros, ChronoUnit.MICROS);
    }

    public static long nowMicros() {
        return toMicros(Instant.now());
    }
}
