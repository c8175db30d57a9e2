package dev.gavel.acceptor.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void shouldFormatMicrosecondsWithSixFractionalDigits() {
        // given
        long micros = Instant.parse("2026-11-22T14:41:00.123456Z").getEpochSecond() * 1_000_000L + 123_456L;

        // when / then
        assertEquals("2026-11-22T14:41:00.123456Z", Timestamps.isoMicros(micros));
    }

    @Test
    void shouldKeepTrailingZerosInTheFraction() {
        // given
        long micros = Instant.parse("2026-11-22T14:41:00Z").getEpochSecond() * 1_000_000L;

        // when / then
        assertEquals("2026-11-22T14:41:00.000000Z", Timestamps.isoMicros(micros));
    }

    @Test
    void shouldReadTheClockInMicroseconds() {
        // given
        ArrivalClock clock = new ArrivalClock(Clock.fixed(Instant.parse("2026-11-22T14:41:00.123456789Z"), ZoneOffset.UTC));

        // when
        long micros = clock.nowMicros();

        // then
        assertEquals("2026-11-22T14:41:00.123456Z", Timestamps.isoMicros(micros));
    }
}
