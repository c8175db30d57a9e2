package dev.gavel.testkit;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Waiting for what another process makes true a little later (an archived event, a derived view), by
 * polling every 20 ms up to a bound, instead of assuming it is already true.
 */
public final class Eventually {

    public static final Duration DEFAULT_BOUND = Duration.ofSeconds(15);

    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails the test when it has not within {@link #DEFAULT_BOUND}. */
    public static void await(BooleanSupplier condition) {
        await(condition, DEFAULT_BOUND);
    }

    public static void await(BooleanSupplier condition, Duration bound) {
        Instant deadline = Instant.now().plus(bound);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("condition not met within " + bound.toMillis() + " ms");
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }
}
