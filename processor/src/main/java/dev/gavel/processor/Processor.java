package dev.gavel.processor;

import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.processor.archive.ArchiveDatabase;
import dev.gavel.processor.archive.ArchiveWriter;
import dev.gavel.processor.closing.ClosePass;
import dev.gavel.processor.derive.DerivePass;
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
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * One processor, from {@link #start} until {@link #close}: its Redis connection and MongoDB client and three
 * loops, each on a thread of its own so that one store's outage or one job's large batch does not hold up
 * the others' work:
 * <ul>
 *   <li>the archive ({@link ArchivePass}): a consumer of the group on every partition stream, writing
 *       events and item documents into MongoDB; several processors share the partitions through the
 *       group, each named {@code GAVEL_PROCESSOR_CONSUMER} or {@code <host>-<pid>-<random>};</li>
 *   <li>the derived views ({@link DerivePass}): statistics, users' items and recent-items data in Redis,
 *       applied exactly once per entry behind each partition's mark;</li>
 *   <li>the closes ({@link ClosePass}): every {@link #CLOSE_EVERY} the items whose {@code closes_at} has
 *       passed get their {@code item_closed} event, each exactly once by one atomic script. On a thread of
 *       its own because the contract gives it 1 s: neither a MongoDB outage nor a long derive batch may
 *       delay it.</li>
 * </ul>
 */
public final class Processor implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Processor.class);
    private static final long STOP_WAIT_MS = 5000;
    /** How often the closing schedules are read: with {@link #CLOSE_GRACE}, an item is closed within 0.5 s. */
    static final Duration CLOSE_EVERY = Duration.ofMillis(200);
    /** How long after its closes_at an item waits for bids that arrived just before it (see ClosePass). */
    static final Duration CLOSE_GRACE = Duration.ofMillis(250);

    private final RedisConnection redis;
    private final ArchiveDatabase mongo;
    private final ConsumerGroup group;
    private final PassLoop archiveLoop;
    private final PassLoop deriveLoop;
    private final PassLoop closeLoop;
    private final List<Thread> threads;
    private volatile boolean closing;

    private Processor(ProcessorConfig config, MeterRegistry meters, BatchApplier.Checkpoint checkpoint) {
        this.redis = new RedisConnection(config.redisUrl(), config.redisTimeout());
        this.mongo = new ArchiveDatabase(config.mongodbUri(), config.mongodbTimeout(), config.writeConcern());
        String name = config.consumer().isBlank() ? generatedName() : config.consumer();
        this.group = new ConsumerGroup(redis, config.partitions(), name, config.batch(), config.claimIdle());
        BatchApplier applier = new BatchApplier(group, new DeadLetters(redis, meters), new ArchiveWriter(mongo.database()),
                checkpoint, meters);
        StreamTrimmer trimmer = new StreamTrimmer(redis, config.partitions(), config.streamKeep(), Clock.systemUTC());
        this.archiveLoop = new PassLoop(new ArchivePass(group, applier, trimmer,
                new StreamLag(redis, config.partitions(), meters), () -> !closing), config.poll());
        this.deriveLoop = new PassLoop(new DerivePass(redis, new RedisKeys(new Partitioner(config.partitions())),
                config.batch(), Clock.systemUTC(), meters), config.poll());
        this.closeLoop = new PassLoop(new ClosePass(redis, new RedisKeys(new Partitioner(config.partitions())), config.batch(),
                CLOSE_GRACE, Clock.systemUTC(), ClosePass.Checkpoint.NONE, meters), CLOSE_EVERY);
        this.threads = List.of(new Thread(archiveLoop, "gavel-archive"), new Thread(deriveLoop, "gavel-derive"),
                new Thread(closeLoop, "gavel-close"));
    }

    public static Processor start(ProcessorConfig config, MeterRegistry meters) {
        return start(config, meters, BatchApplier.Checkpoint.NONE);
    }

    static Processor start(ProcessorConfig config, MeterRegistry meters, BatchApplier.Checkpoint checkpoint) {
        Processor processor = new Processor(config, meters, checkpoint);
        processor.threads.forEach(Thread::start);
        return processor;
    }

    public String consumerName() {
        return group.consumerName();
    }

    /** The stores this processor cannot reach right now ({@code redis}, {@code mongodb}); empty when healthy. */
    public List<String> unreachableStores() {
        List<String> down = new ArrayList<>(2);
        try {
            redis.checkReachable();
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
     * Stops the loops after their current pass and closes the connections. A pass cut short leaves its
     * entries pending (archive) or behind the mark (derived views): they are applied again, once.
     */
    @Override
    public void close() {
        closing = true;
        archiveLoop.stop();
        deriveLoop.stop();
        closeLoop.stop();
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(STOP_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (thread.isAlive()) {
                LOG.warn("{} did not stop within {} ms; what it was applying will be applied again", thread.getName(),
                        STOP_WAIT_MS);
            }
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
