package dev.gavel.bench.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DelaysTest {

    @Test
    void percentilesOfAKnownSpread() {
        Delays delays = new Delays();
        for (int ms = 1; ms <= 1000; ms++) {
            delays.recordMicros(ms * 1000L);
        }
        assertEquals(1000, delays.count());
        assertEquals(500_000, delays.percentileMicros(50), 500);
        assertEquals(990_000, delays.percentileMicros(99), 1000);
        assertEquals(999_000, delays.percentileMicros(99.9), 1000);
        assertEquals(1_000_000, delays.maxMicros(), 1000);
    }

    @Test
    void emptyIsZeroAndNegativeIsClampedToZero() {
        Delays delays = new Delays();
        assertEquals(0, delays.percentileMicros(99));
        delays.recordMicros(-5);
        assertEquals(0, delays.maxMicros());
    }
}
