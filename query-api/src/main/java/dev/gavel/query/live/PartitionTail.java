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
import java.util.List;
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
 * new events), then by a blocking {@code XREAD COUNT n BLOCK ms} of its own key on a connection of its own
 * (a blocking read would hold up the commands pipelined behind it on the shared one), sent again as soon as
 * it answers. A read that is waiting when an entry is appended is answered in the same turn of Redis's event
 * loop as the append, so the entry leaves Redis with the writer's own reply, after the same AOF fsync; a poll
 * would come in a later turn and wait for that turn's fsync as well (on a busy disk, tens of milliseconds),
 * besides the pause between polls. An idle partition costs one read per GAVEL_LIVE_BLOCK_MS. On a Redis Cluster
 * each partition's connection is a cluster connection, so its read goes to the shard that holds the key.
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

    private final RedisStore redis;
    private final List<LiveListener> listeners;
    private final LiveConfig config;
    private final ScheduledExecutorService thread;
    /** Per partition, the id of the last entry handed on; null until its stream's end is known. Tail thread only. */
    private final String[] lastIds;
    private final long[] backoffMs;
    /** Per partition, its connection for the blocking reads (connecting or connected); null until the first. Tail thread only. */
    private final CompletableFuture<LettuceRedis.Dedicated>[] readers;
    /** How long one read blocks: GAVEL_LIVE_BLOCK_MS, at most half the command timeout so that Lettuce never fails it. */
    private final long blockMs;
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
        @SuppressWarnings("unchecked")
        CompletableFuture<LettuceRedis.Dedicated>[] connections = new CompletableFuture[partitions];
        this.readers = connections;
        this.blockMs = Math.max(1, Math.min(config.getBlockMs(), redis.timeout().toMillis() / 2));
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
                XReadArgs.StreamOffset<String> after = XReadArgs.StreamOffset.from(key, lastIds[partition]);
                reader(partition).thenCompose(reader -> reader.async().xread(
                                XReadArgs.Builder.count(config.getBatch()).block(blockMs), after))
                        .whenCompleteAsync((messages, failure) -> {
                            if (failure != null) {
                                failed(partition, failure);
                                return;
                            }
                            succeeded(partition);
                            if (messages != null && !messages.isEmpty()) {
                                hand(partition, messages);
                            }
                            schedule(partition, 0);
                        }, thread);
            }
        } catch (RuntimeException e) {
            failed(partition, e);
        }
    }

    /**
     * The partition's own connection, opened on its first read; a connect that failed is tried again at the next
     * read. Once connected, Lettuce reconnects it by itself.
     */
    private CompletableFuture<LettuceRedis.Dedicated> reader(int partition) {
        CompletableFuture<LettuceRedis.Dedicated> current = readers[partition];
        if (current == null || current.isCompletedExceptionally()) {
            current = redis.connectDedicated();
            readers[partition] = current;
        }
        return current;
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
        backoffMs[partition] = Math.min(MAX_BACKOFF_MS, Math.max(MIN_BACKOFF_MS, backoffMs[partition] * 2));
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
        for (CompletableFuture<LettuceRedis.Dedicated> reader : readers) {
            if (reader != null) {
                reader.thenAccept(LettuceRedis.Dedicated::close);
            }
        }
    }
}
