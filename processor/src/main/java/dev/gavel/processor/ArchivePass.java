package dev.gavel.processor;

import dev.gavel.processor.stream.Batch;
import dev.gavel.processor.stream.ConsumerGroup;
import dev.gavel.processor.stream.StreamLag;
import dev.gavel.processor.stream.StreamTrimmer;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * The archive's pass: every partition's new entries are read with the consumer group and applied as one
 * batch ({@link BatchApplier}). Every {@code claimIdle / 2} it first claims what other consumers left
 * pending and removes consumers long gone; once a second it trims what is done and refreshes the lag
 * gauges. A Redis that lost its data also lost the groups (NOGROUP), so after a failure they are created
 * again first.
 */
final class ArchivePass implements Pass {

    private static final long EVERY_SECOND = Duration.ofSeconds(1).toNanos();

    private final ConsumerGroup group;
    private final BatchApplier applier;
    private final StreamTrimmer trimmer;
    private final StreamLag lag;
    private final BooleanSupplier running;
    private boolean groupsReady;
    private long nextClaim;
    private long nextTrim;
    private long nextLag;

    ArchivePass(ConsumerGroup group, BatchApplier applier, StreamTrimmer trimmer, StreamLag lag, BooleanSupplier running) {
        this.group = group;
        this.applier = applier;
        this.trimmer = trimmer;
        this.lag = lag;
        this.running = running;
    }

    @Override
    public boolean run() {
        if (!groupsReady) {
            group.create();
            groupsReady = true;
        }
        long now = System.nanoTime();
        if (now - nextClaim >= 0) {
            group.claim(applier::apply, running);
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
        return batch.full();
    }

    @Override
    public void failed() {
        group.failed();
        groupsReady = false;
    }

    @Override
    public String name() {
        return "archive";
    }
}
