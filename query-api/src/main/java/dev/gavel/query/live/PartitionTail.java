package dev.gavel.query.live;

import dev.gavel.contract.RedisKeys;
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
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reads every partition's event stream once for this instance and hands each batch to every
 * {@link LiveListener}. Each partition is read from its stream's end at start-up (a new instance shows only
 * new events) by a non-blocking {@code XREAD COUNT n} of its own key, so on a Redis Cluster the cluster
 * client sends it to the shard that holds it. A partition is read again at once after a full batch, after
 * GAVEL_LIVE_POLL_MS after any other batch, and, while it stays empty, after a pause that doubles up to
 * {@value #IDLE_FACTOR} times that, so an idle instance does not poll every partition a hundred times a second;
 * each pause ends on a grid of its own length ({@link #onGrid}), so partitions are read together, not one by one.
 * Replies are handled on one thread of its own, never on Netty's or Lettuce's event loops, and listeners are
 * called from that thread only, one batch at a time. While Redis cannot be read it retries with a growing pause
 * (at most a second) and logs once per outage.
 */
@Context
public class PartitionTail implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(PartitionTail.class);
    private static final String STREAM_START = "0-0";
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
    private final long[] backoffMs;
    /** Per partition, the pause before the next read while its stream has nothing new. Tail thread only. */
    private final long[] idleMs;
    private final boolean[] failing;
    /** Per partition, opened once its stream's starting point is known. */
    private final CountDownLatch[] started;
    private int failingPartitions;
    private volatile boolean stopped;

    public PartitionTail(RedisStore redis, List<LiveListener> listeners, LiveConfig config, GavelConfig gavel) {
        this.redis = redis;
        this.listeners = List.copyOf(listeners);
        this.config = config;
        int partitions = gavel.getPartitions();
        this.lastIds = new String[partitions];
        this.backoffMs = new long[partitions];
        this.idleMs = new long[partitions];
        this.failing = new boolean[partitions];
        this.started = new CountDownLatch[partitions];
        for (int p = 0; p < partitions; p++) {
            started[p] = new CountDownLatch(1);
        }
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
        String key = RedisKeys.events(partition);
        try {
            if (lastIds[partition] == null) {
                CompletionStage<List<StreamMessage<String, String>>> last =
                        redis.async().xrevrange(key, Range.create("-", "+"), Limit.from(1));
                last.whenCompleteAsync((messages, failure) -> {
                    if (failure != null) {
                        failed(partition, failure);
                        return;
                    }
                    lastIds[partition] = messages.isEmpty() ? STREAM_START : messages.get(0).getId();
                    started[partition].countDown();
                    succeeded(partition);
                    read(partition);
                }, thread);
            } else {
                CompletionStage<List<StreamMessage<String, String>>> batch = redis.async().xread(
                        XReadArgs.Builder.count(config.getBatch()), XReadArgs.StreamOffset.from(key, lastIds[partition]));
                batch.whenCompleteAsync((messages, failure) -> {
                    if (failure != null) {
                        failed(partition, failure);
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
            failed(partition, e);
        }
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

    private void succeeded(int partition) {
        backoffMs[partition] = 0;
        if (failing[partition]) {
            failing[partition] = false;
            failingPartitions--;
            if (failingPartitions == 0) {
                LOG.info("live: reading the event streams again");
            }
        }
    }

    private void failed(int partition, Throwable failure) {
        if (stopped) {
            return;
        }
        if (!failing[partition]) {
            failing[partition] = true;
            if (failingPartitions++ == 0) {
                LOG.warn("live: cannot read the event streams ({}); retrying until Redis answers", failure.toString());
            }
        }
        backoffMs[partition] = Math.min(MAX_BACKOFF_MS, Math.max(config.getPollMs(), backoffMs[partition] * 2));
        schedule(partition, backoffMs[partition]);
    }

    private void schedule(int partition, long delayMs) {
        if (stopped) {
            return;
        }
        try {
            if (delayMs == 0) {
                thread.execute(() -> read(partition));
            } else {
                thread.schedule(() -> read(partition), delayMs, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("live: stopped, partition {} is not read again", partition);
        }
    }

    @PreDestroy
    @Override
    public void close() {
        stopped = true;
        thread.shutdownNow();
    }
}
