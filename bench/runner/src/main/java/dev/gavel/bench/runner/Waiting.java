package dev.gavel.bench.runner;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls until something is true, within a deadline. */
final class Waiting {

    private static final long POLL_MS = 200;

    private Waiting() {
    }

    static void until(Duration timeout, String what, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ready.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new BenchFailure(what + " did not come up within " + timeout.toSeconds() + " s");
            }
            sleep(POLL_MS);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted", e);
        }
    }
}
