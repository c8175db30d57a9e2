package dev.gavel.processor;

import dev.gavel.processor.archive.ArchiveDatabase;
import dev.gavel.processor.archive.ArchiveWriter;
import dev.gavel.processor.stream.ConsumerGroup;
import dev.gavel.processor.stream.DeadLetters;
import dev.gavel.processor.stream.RedisConnection;
import dev.gavel.processor.stream.StreamLag;
import dev.gavel.processor.stream.StreamTrimmer;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One processor: a consumer of the group on every partition stream, its Redis connection and MongoDB
 * client, and the thread that runs its loop, from {@link #start} until {@link #close}. Several processors
 * share the partitions through the group; each is named {@code GAVEL_PROCESSOR_CONSUMER} or
 * {@code <host>-<pid>-<random>}.
 */
public final class Processor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Processor.class);
    private static final long STOP_WAIT_MS = 5000;

    private final RedisConnection redis;
    private final ArchiveDatabase mongo;
    private final ConsumerGroup group;
    private final ProcessorLoop loop;
    private final Thread thread;

    private Processor(ProcessorConfig config, MeterRegistry meters, BatchApplier.Checkpoint checkpoint) {
        this.redis = new RedisConnection(config.redisUrl(), config.redisTimeout());
        this.mongo = new ArchiveDatabase(config.mongodbUri(), config.mongodbTimeout(), config.writeConcern());
        String name = config.consumer().isBlank() ? generatedName() : config.consumer();
        this.group = new ConsumerGroup(redis, config.partitions(), name, config.batch(), config.claimIdle());
        BatchApplier applier = new BatchApplier(group, new DeadLetters(redis, meters), new ArchiveWriter(mongo.database()),
                checkpoint, meters);
        this.loop = new ProcessorLoop(group, applier, new StreamTrimmer(redis, config.partitions()),
                new StreamLag(redis, config.partitions(), meters), config.poll());
        this.thread = new Thread(loop, "gavel-processor");
    }

    public static Processor start(ProcessorConfig config, MeterRegistry meters) {
        return start(config, meters, BatchApplier.Checkpoint.NONE);
    }

    static Processor start(ProcessorConfig config, MeterRegistry meters, BatchApplier.Checkpoint checkpoint) {
        Processor processor = new Processor(config, meters, checkpoint);
        processor.thread.start();
        return processor;
    }

    public String consumerName() {
        return group.consumerName();
    }

    /** The stores this processor cannot reach right now ({@code redis}, {@code mongodb}); empty when healthy. */
    public List<String> unreachableStores() {
        List<String> down = new ArrayList<>(2);
        try {
            redis.sync().ping();
        } catch (RuntimeException e) {
            down.add("redis");
        }
        try {
            mongo.ping();
        } catch (RuntimeException e) {
            down.add("mongodb");
        }
        return down;
    }

    /**
     * Stops the loop after its current pass and closes the connections. A pass cut short leaves its
     * entries pending: this consumer reads them again when it comes back, or another one claims them.
     */
    @Override
    public void close() {
        loop.stop();
        thread.interrupt();
        try {
            thread.join(STOP_WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the processor loop did not stop within {} ms; its unacknowledged entries will be claimed", STOP_WAIT_MS);
        }
        redis.close();
        mongo.close();
    }

    private static String generatedName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "processor";
        }
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-" + HexFormat.of().formatHex(random);
    }
}
