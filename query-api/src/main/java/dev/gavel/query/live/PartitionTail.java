package dev.gavel.query.live;

import dev.gavel.contract.RedisKeys;
import dev.gavel.lettuce.LettuceRedis;
import dev.gavel.query.GavelConfig;
import dev.gavel.query.store.RedisStore;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads every partition's event stream once for this instance and hands each batch to every
 * {@link LiveListener}. Each partition is read from its stream's end at start-up (a new instance shows only
 * new events). Then:
 * <ul>
 *   <li>On one Redis, one blocking {@code XREAD COUNT n BLOCK ms} of every partition's stream together, on a
 *       connection of its own (a blocking read would hold up the commands pipelined behind it on the shared one),
 *       sent again GAVEL_LIVE_POLL_MS after a read that brought entries (at once after one that timed out or
 *       brought a full batch). A read that is waiting when an entry is appended is answered in the same turn of
 *       Redis's event loop as the append, with the writer's own reply, after the same AOF fsync, so the first
 *       event after a lull leaves at once; a poll comes in a later turn and waits for that turn's fsync as well
 *       (tens of milliseconds on a busy disk), besides the pause between polls. The pause after a read keeps a busy
 *       stream's events in batches (without it, each append was a fan-out of its own, and 1,000 subscribers of one
 *       item at 100 bids a second fell seconds behind). One command for all partitions; idle, one per
 *       GAVEL_LIVE_BLOCK_MS.</li>
 *   <li>On a Redis Cluster, where one read cannot span the partitions' slots (and one blocking read per
 *       partition would cost each node a connection read and a reply write per partition and turn), or with
 *       GAVEL_LIVE_BLOCK_MS 0: a non-blocking {@code XREAD COUNT n} of each partition's own key, which the
 *       cluster client sends to the shard that holds it. A partition is read again at once after a full batch,
 *       after GAVEL_LIVE_POLL_MS after any other batch, and, while it stays empty, after a pause that doubles up
 *       to {@value #IDLE_FACTOR} times that, so an idle instance does not poll every partition a hundred times a
 *       second; each pause ends on a grid of its own length ({@link #onGrid}), so partitions are read together,
 *       not one by one.</li>
 * </ul>
 * Replies are handled on one thread of its own, never on Netty's or Lettuce's event loops, and listeners are
 * called from that thread only, one batch at a time. While Redis cannot be read it retries with a growing pause
 * (at most a second) and logs once per outage.
 */
@Context
public class PartitionTail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionTail.class);
    private static final String STREAM_START = "0-0";
    private static final long MIN_BACKOFF_MS = 10;
    private static final long MAX_BACKOFF_MS = 1000;
    private static final long NANOS_PER_MS = 1_000_000;
    /** How many times GAVEL_LIVE_POLL_MS an empty partition may wait: the first bid after a lull waits at most that. */
    static final int IDLE_FACTOR = 4;

    private final RedisStore redis;
    private final List<LiveListener> listeners;
    private final LiveConfig config;
    private final ScheduledExecutorService thread;
    /** Per partition, the id of the last entry handed on; null until its stream's end is known. Tail thread only. */
    private final String[] lastIds;
    /** Per reader (each partition's, then the blocking read's), the pause before it tries again after a failure. */
    private final long[] backoffMs;
    /** Per partition, the pause before the next read while its stream has nothing new. Tail thread only. */
    private final long[] idleMs;
    /** Per reader, as {@link #backoffMs}: whether its last try failed. */
    private final boolean[] failing;
    /** Per partition, opened once its stream's starting point is known. */
    private final CountDownLatch[] started;
    /** The one blocking read's reader index in {@link #failing} and {@link #backoffMs}. */
    private final int blockingReader;
    /** How long the one blocking read waits, 0 when the partitions are polled. */
    private final long blockMs;
    /** The stream key of each partition, and back. */
    private final String[] keys;
    private final Map<String, Integer> partitionOfKey = new HashMap<>();
    /** The blocking read's connection (connecting or connected); null until the first read. Set on the tail thread only. */
    private volatile CompletableFuture<LettuceRedis.Dedicated> blockingConnection;
    /** Partitions whose starting point is known. Tail thread only. */
    private int knownPartitions;
    private int failingReaders;
    private volatile boolean stopped;

    public PartitionTail(RedisStore redis, List<LiveListener> listeners, LiveConfig config, GavelConfig gavel) {
        this.redis = redis;
        this.listeners = List.copyOf(listeners);
        this.config = config;
        int partitions = gavel.getPartitions();
        this.lastIds = new String[partitions];
        this.blockingReader = partitions;
        this.backoffMs = new long[partitions + 1];
        this.idleMs = new long[partitions];
        this.failing = new boolean[partitions + 1];
        this.started = new CountDownLatch[partitions];
        this.keys = new String[partitions];
        for (int p = 0; p < partitions; p++) {
            started[p] = new CountDownLatch(1);
            keys[p] = RedisKeys.events(p);
            partitionOfKey.put(keys[p], p);
        }
        this.blockMs = redis.cluster() || config.getBlockMs() == 0 ? 0
                : Math.max(1, Math.min(config.getBlockMs(), redis.timeout().toMillis() / 2));
        this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread t = new Thread(runnable, "gavel-live-tail");
            t.setDaemon(true);
            return t;
        });
    }

    @PostConstruct
    void start() {
        for (int p = 0; p < lastIds.length; p++) {
            int partition = p;
            thread.execute(() -> read(partition));
        }
    }

    /**
     * Waits until the partition's starting point is known: an entry appended to its stream after this
     * returns true is handed to the listeners. Call it off the event loops.
     */
    public boolean awaitReading(int partition, Duration bound) {
        try {
            return started[partition].await(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void read(int partition) {
        if (stopped) {
            return;
        }
        String key = keys[partition];
        try {
            if (lastIds[partition] == null) {
                CompletionStage<List<StreamMessage<String, String>>> last =
                        redis.async().xrevrange(key, Range.create("-", "+"), Limit.from(1));
                last.whenCompleteAsync((messages, failure) -> {
                    if (failure != null) {
                        failed(partition, failure, () -> read(partition));
                        return;
                    }
                    lastIds[partition] = messages.isEmpty() ? STREAM_START : messages.get(0).getId();
                    started[partition].countDown();
                    succeeded(partition);
                    if (blockMs == 0) {
                        read(partition);
                    } else if (++knownPartitions == lastIds.length) {
                        readAll();
                    }
                }, thread);
            } else {
                CompletionStage<List<StreamMessage<String, String>>> batch = redis.async().xread(
                        XReadArgs.Builder.count(config.getBatch()), XReadArgs.StreamOffset.from(key, lastIds[partition]));
                batch.whenCompleteAsync((messages, failure) -> {
                    if (failure != null) {
                        failed(partition, failure, () -> read(partition));
                        return;
                    }
                    succeeded(partition);
                    if (messages != null && !messages.isEmpty()) {
                        hand(partition, messages);
                    }
                    schedule(partition, onGrid(System.nanoTime() / NANOS_PER_MS,
                            nextPause(partition, messages == null ? 0 : messages.size())));
                }, thread);
            }
        } catch (RuntimeException e) {
            failed(partition, e, () -> read(partition));
        }
    }

    /**
     * One blocking read of every partition after the last entry handed on; the entries it brings are handed on
     * partition by partition. It is sent again at once after a read that timed out empty or brought a full batch, and
     * GAVEL_LIVE_POLL_MS after any other: the first entry after a lull is read in the turn of its append, and a busy
     * stream's entries are read in batches, at most one read per pause.
     */
    private void readAll() {
        if (stopped) {
            return;
        }
        try {
            @SuppressWarnings("unchecked")
            XReadArgs.StreamOffset<String>[] after = new XReadArgs.StreamOffset[keys.length];
            for (int p = 0; p < keys.length; p++) {
                after[p] = XReadArgs.StreamOffset.from(keys[p], lastIds[p]);
            }
            XReadArgs args = XReadArgs.Builder.count(config.getBatch()).block(blockMs);
            blockingConnection().thenCompose(reader -> reader.async().xread(args, after))
                    .whenCompleteAsync((messages, failure) -> {
                        if (failure != null) {
                            failed(blockingReader, failure, this::readAll);
                            return;
                        }
                        succeeded(blockingReader);
                        if (messages == null || messages.isEmpty()) {
                            readAll();
                            return;
                        }
                        boolean full = handByPartition(messages);
                        // A stream's full batch: more is waiting there. Otherwise a pause of GAVEL_LIVE_POLL_MS first, so a busy
                        // stream's events leave in batches, as the polls' do, not one fan-out per append.
                        schedule(this::readAll, full ? 0 : config.getPollMs());
                    }, thread);
        } catch (RuntimeException e) {
            failed(blockingReader, e, this::readAll);
        }
    }

    /** The blocking read's connection, opened on the first read; a connect that failed is tried again at the next. */
    private CompletableFuture<LettuceRedis.Dedicated> blockingConnection() {
        CompletableFuture<LettuceRedis.Dedicated> current = blockingConnection;
        if (current == null || current.isCompletedExceptionally()) {
            current = redis.connectDedicated();
            blockingConnection = current;
        }
        return current;
    }

    /**
     * The reply of a read of many streams, which lists each stream's entries together, handed on stream by stream;
     * true when a stream brought a full batch ({@code COUNT} is per stream).
     */
    private boolean handByPartition(List<StreamMessage<String, String>> messages) {
        boolean full = false;
        int from = 0;
        for (int i = 1; i <= messages.size(); i++) {
            if (i == messages.size() || !messages.get(i).getStream().equals(messages.get(from).getStream())) {
                Integer partition = partitionOfKey.get(messages.get(from).getStream());
                if (partition != null) {
                    hand(partition, messages.subList(from, i));
                }
                full |= i - from >= config.getBatch();
                from = i;
            }
        }
        return full;
    }

    /** At once after a full batch; the poll interval after any other; doubling up to IDLE_FACTOR times it while empty. */
    private long nextPause(int partition, int read) {
        long poll = config.getPollMs();
        if (read >= config.getBatch()) {
            idleMs[partition] = 0;
            return 0;
        }
        if (read > 0) {
            idleMs[partition] = 0;
            return poll;
        }
        idleMs[partition] = Math.min(poll * IDLE_FACTOR, Math.max(poll, idleMs[partition] * 2));
        return idleMs[partition];
    }

    /**
     * The pause until the next multiple of {@code pauseMs} on the monotonic clock, at most {@code pauseMs}: the
     * partitions that wait the same pause (or a multiple of it: the pauses are the poll interval times a power of
     * two) are read at the same instants, so their reads reach each Redis node together and it handles them in one
     * turn of its event loop, where reads at scattered instants would wake it once per partition. 0 stays 0.
     */
    static long onGrid(long nowMs, long pauseMs) {
        return pauseMs <= 0 ? 0 : pauseMs - Math.floorMod(nowMs, pauseMs);
    }

    private void hand(int partition, List<StreamMessage<String, String>> messages) {
        List<LiveEvent> events = new ArrayList<>(messages.size());
        for (StreamMessage<String, String> message : messages) {
            events.add(LiveEntries.parse(partition, message.getId(), message.getBody()));
        }
        lastIds[partition] = messages.get(messages.size() - 1).getId();
        List<LiveEvent> batch = List.copyOf(events);
        for (LiveListener listener : listeners) {
            try {
                listener.onEvents(batch);
            } catch (RuntimeException e) {
                LOG.warn("live: listener {} failed on a batch of partition {}", listener.getClass().getName(), partition, e);
            }
        }
    }

    private void succeeded(int reader) {
        backoffMs[reader] = 0;
        if (failing[reader]) {
            failing[reader] = false;
            failingReaders--;
            if (failingReaders == 0) {
                LOG.info("live: reading the event streams again");
            }
        }
    }

    /** A reader's try failed: {@code retry} runs after a pause that doubles up to a second. */
    private void failed(int reader, Throwable failure, Runnable retry) {
        if (stopped) {
            return;
        }
        if (!failing[reader]) {
            failing[reader] = true;
            if (failingReaders++ == 0) {
                LOG.warn("live: cannot read the event streams ({}); retrying until Redis answers", failure.toString());
            }
        }
        long least = reader == blockingReader ? MIN_BACKOFF_MS : config.getPollMs();
        backoffMs[reader] = Math.min(MAX_BACKOFF_MS, Math.max(least, backoffMs[reader] * 2));
        schedule(retry, backoffMs[reader]);
    }

    private void schedule(int partition, long delayMs) {
        schedule(() -> read(partition), delayMs);
    }

    private void schedule(Runnable read, long delayMs) {
        if (stopped) {
            return;
        }
        try {
            if (delayMs == 0) {
                thread.execute(read);
            } else {
                thread.schedule(read, delayMs, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("live: stopped, the event streams are not read again");
        }
    }

    @PreDestroy
    @Override
    public void close() {
        stopped = true;
        thread.shutdownNow();
        CompletableFuture<LettuceRedis.Dedicated> connection = blockingConnection;
        if (connection != null) {
            connection.thenAccept(LettuceRedis.Dedicated::close);
        }
    }
}
