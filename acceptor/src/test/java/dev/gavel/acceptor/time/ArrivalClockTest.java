package dev.gavel.acceptor.time;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gavel.contract.MicroTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ArrivalClockTest {

    @Test
    void shouldReadTheClockInMicroseconds() {
        // given
        ArrivalClock clock = new ArrivalClock(Clock.fixed(Instant.parse("2026-11-22T14:41:00.123456789Z"), ZoneOffset.UTC));

        // when
        long micros = clock.nowMicros();

        // then
        assertEquals("2026-11-22T14:41:00.123456Z", MicroTime.format(micros));
    }
}
