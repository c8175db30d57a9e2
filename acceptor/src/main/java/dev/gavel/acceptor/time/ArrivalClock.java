package dev.gavel.acceptor.time;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/** The acceptor's notion of "now" in microseconds since the epoch, UTC; injectable for tests. */
public final class ArrivalClock {

    private final Clock clock;

    public ArrivalClock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public static ArrivalClock system() {
        return new ArrivalClock(Clock.systemUTC());
    }

    public long nowMicros() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
    }
}
