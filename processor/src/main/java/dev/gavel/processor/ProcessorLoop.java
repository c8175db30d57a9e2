package dev.gavel.processor;

import dev.gavel.processor.stream.Batch;
import dev.gavel.processor.stream.ConsumerGroup;
import dev.gavel.processor.stream.StreamLag;
import dev.gavel.processor.stream.StreamTrimmer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * The processor's loop, on a thread of its own. Each pass reads every partition's new entries and applies
 * them as one batch. A pass that filled no partition's read is followed by a pause of
 * {@code GAVEL_PROCESSOR_POLL_MS}, so under load entries gather into large batches (a few bulk writes per
 * pass rather than a few per event, on the cores the write path also needs) at the price of that much lag.
 * Every {@code claimIdle / 2} it claims what other consumers left pending and removes consumers long gone;
 * once a second it trims what the group has acknowledged and refreshes the lag gauges. A failed pass
 * (Redis or MongoDB away) is retried after a second; a Redis that lost its data also lost the groups
 * (NOGROUP), so they are created again first.
 */
final class ProcessorLoop implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorLoop.class);
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(1);
    private static final Duration WARN_EVERY = Duration.ofSeconds(10);
    private static final long EVERY_SECOND = Duration.ofSeconds(1).toNanos();

    private final ConsumerGroup group;
    private final BatchApplier applier;
    private final StreamTrimmer trimmer;
    private final StreamLag lag;
    private final long pollNanos;
    private volatile boolean running = true;
    private boolean groupsReady;
    private long nextClaim;
    private long nextTrim;
    private long nextLag;
    private long lastWarning;

    ProcessorLoop(ConsumerGroup group, BatchApplier applier, StreamTrimmer trimmer, StreamLag lag, Duration poll) {
        this.group = group;
        this.applier = applier;
        this.trimmer = trimmer;
        this.lag = lag;
        this.pollNanos = poll.toNanos();
    }

    void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try {
                pass();
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    private void pass() {
        if (!groupsReady) {
            group.create();
            groupsReady = true;
        }
        long now = System.nanoTime();
        if (now - nextClaim >= 0) {
            group.claim(applier::apply, () -> running);
            group.forgetIdleConsumers();
            nextClaim = now + group.claimIdle().toNanos() / 2;
        }
        Batch batch = group.read();
        applier.apply(batch);
        group.applied(batch);
        if (now - nextTrim >= 0) {
            trimmer.trim();
            nextTrim = now + EVERY_SECOND;
        }
        if (now - nextLag >= 0) {
            lag.update();
            nextLag = now + EVERY_SECOND;
        }
        if (!batch.full() && running) {
            LockSupport.parkNanos(pollNanos);
        }
    }

    private void failed(RuntimeException e) {
        group.failed();
        if (!running) {
            return; // stopping: the pass was cut short on purpose, and what it read stays pending
        }
        groupsReady = false;
        long now = System.nanoTime();
        if (lastWarning == 0 || now - lastWarning > WARN_EVERY.toNanos()) {
            LOG.warn("processor pass failed, retrying every {} s (this warning at most every {} s): {}",
                    FAILURE_BACKOFF.toSeconds(), WARN_EVERY.toSeconds(), e.toString());
            lastWarning = now;
        }
        LockSupport.parkNanos(FAILURE_BACKOFF.toNanos());
    }
}
