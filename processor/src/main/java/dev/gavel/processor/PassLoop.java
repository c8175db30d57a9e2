package dev.gavel.processor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one {@link Pass} over and over on a thread of its own. After a pass that left nothing waiting it
 * pauses {@code GAVEL_PROCESSOR_POLL_MS}, so under load entries gather into large batches (a few writes
 * per pass rather than a few per event, on the cores the write path also needs) at the price of that much
 * lag. A failed pass (Redis or MongoDB away) is retried after a second, with at most one warning per 10 s.
 */
final class PassLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PassLoop.class);
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(1);
    private static final Duration WARN_EVERY = Duration.ofSeconds(10);

    private final Pass pass;
    private final long pollNanos;
    private volatile boolean running = true;
    private long lastWarning;

    PassLoop(Pass pass, Duration poll) {
        this.pass = pass;
        this.pollNanos = poll.toNanos();
    }

    void stop() {
        running = false;
    }

    boolean running() {
        return running;
    }

    @Override
    public void run() {
        while (running) {
            try {
                boolean moreWaiting = pass.run();
                if (!moreWaiting && running) {
                    LockSupport.parkNanos(pollNanos);
                }
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    private void failed(RuntimeException e) {
        pass.failed();
        if (!running) {
            return; // stopping: the pass was cut short on purpose, and what it read stays pending
        }
        long now = System.nanoTime();
        if (lastWarning == 0 || now - lastWarning > WARN_EVERY.toNanos()) {
            LOG.warn("{} pass failed, retrying every {} s (this warning at most every {} s): {}", pass.name(),
                    FAILURE_BACKOFF.toSeconds(), WARN_EVERY.toSeconds(), e.toString());
            lastWarning = now;
        }
        LockSupport.parkNanos(FAILURE_BACKOFF.toNanos());
    }
}
