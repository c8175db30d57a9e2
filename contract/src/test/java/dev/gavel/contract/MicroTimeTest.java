package dev.gavel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MicroTimeTest {

    @Test
    void shouldFormatMicrosecondsWithSixFractionalDigits() {
        // given
        long micros = Instant.parse("2026-11-22T14:41:00.123456Z").getEpochSecond() * 1_000_000L + 123_456L;

        // when / then
        assertEquals("2026-11-22T14:41:00.123456Z", MicroTime.format(micros));
    }

    @Test
    void shouldKeepTrailingZerosInTheFraction() {
        // given
        long micros = Instant.parse("2026-11-22T14:41:00Z").getEpochSecond() * 1_000_000L;

        // when / then
        assertEquals("2026-11-22T14:41:00.000000Z", MicroTime.format(micros));
    }

    @Test
    void shouldDropNanosecondsWhenConvertingAnInstant() {
        // given
        Instant instant = Instant.parse("2026-11-22T14:41:00.123456789Z");

        // when / then
        assertEquals("2026-11-22T14:41:00.123456Z", MicroTime.format(MicroTime.toMicros(instant)));
    }
}
