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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Reads every partition's event stream once for this instance, while anyone on it listens, and hands each batch to
 * every {@link LiveListener}. A live stream's subscriber (an item's, a user's, the operations stream) takes a
 * {@link Hold} before it subscribes and closes it when it leaves. The first hold starts a reading session: each
 * partition is read from its stream's end (a new session shows only new events; an item's subscriber resumes
 * from its bid list, LiveController). The session ends GAVEL_LIVE_TAIL_IDLE_SECONDS after the last hold closed,
 * so an instance nobody follows live reads nothing from Redis, and a subscriber who reconnects finds it reading.
 * Within a session:
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
    private final int partitions;
    /** How long the one blocking read waits, 0 when the partitions are polled. */
    private final long blockMs;
    /** The stream key of each partition, and back. */
    private final String[] keys;
    private final Map<String, Integer> partitionOfKey = new HashMap<>();
    private final Object lock = new Object();
    /** Open holds. Guarded by lock. */
    private int holders;
    /** The end of the session planned for when the last hold closed, or null. Guarded by lock. */
    private ScheduledFuture<?> plannedStop;
    /** The reading session, or null while nobody listens; written under lock. */
    private volatile Session session;
    private volatile boolean stopped;

    public PartitionTail(RedisStore redis, List<LiveListener> listeners, LiveConfig config, GavelConfig gavel) {
        this.redis = redis;
        this.listeners = List.copyOf(listeners);
        this.config = config;
        this.partitions = gavel.getPartitions();
        this.keys = new String[partitions];
        for (int p = 0; p < partitions; p++) {
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

    /**
     * Keeps the streams read until the hold is closed (and GAVEL_LIVE_TAIL_IDLE_SECONDS more, when it was the last):
     * the first hold after a quiet spell starts reading them. Closing a hold twice closes it once.
     */
    public Hold hold() {
        synchronized (lock) {
            holders++;
            if (plannedStop != null) {
                plannedStop.cancel(false);
                plannedStop = null;
            }
            if (session == null && !stopped) {
                Session started = new Session();
                session = started;
                LOG.info("live: a subscriber arrived; reading the event streams");
                execute(started::start);
            }
        }
        return new Hold();
    }

    /**
     * While a hold is open, waits until the partition's starting point is known: an entry appended to its stream
     * after this returns true is handed to the listeners. Call it off the event loops.
     */
    public boolean awaitReading(int partition, Duration bound) {
        Session current = session;
        if (current == null) {
            return false;
        }
        try {
            return current.started[partition].await(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** {@link #awaitReading(int, Duration)} for every partition, within one bound for all. */
    public boolean awaitReadingAll(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        for (int p = 0; p < partitions; p++) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !awaitReading(p, Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    /** Whether the streams are being read now. */
    public boolean reading() {
        return session != null;
    }

    private void released() {
        synchronized (lock) {
            if (--holders > 0 || session == null || stopped) {
                return;
            }
            long idleSeconds = config.getTailIdleSeconds();
            try {
                plannedStop = thread.schedule(this::stopIfIdle, idleSeconds, TimeUnit.SECONDS);
            } catch (RejectedExecutionException e) {
                LOG.debug("live: stopped, nothing to plan");
            }
        }
    }

    private void stopIfIdle() {
        Session ending;
        synchronized (lock) {
            if (holders > 0 || session == null) {
                return;
            }
            ending = session;
            session = null;
            plannedStop = null;
        }
        ending.end();
        LOG.info("live: no subscriber for {} s; stopped reading the event streams", config.getTailIdleSeconds());
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

    private void execute(Runnable task) {
        schedule(task, 0);
    }

    private void schedule(Runnable task, long delayMs) {
        if (stopped) {
            return;
        }
        try {
            if (delayMs == 0) {
                thread.execute(task);
            } else {
                thread.schedule(task, delayMs, TimeUnit.MILLISECONDS);
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("live: stopped, the event streams are not read again");
        }
    }

    @PreDestroy
    @Override
    public void close() {
        Session ending;
        synchronized (lock) {
            stopped = true;
            ending = session;
            session = null;
        }
        thread.shutdownNow();
        if (ending != null) {
            ending.end();
        }
    }

    /** One subscriber's claim on the streams being read; see {@link #hold()}. */
    public final class Hold implements AutoCloseable {

        private final AtomicBoolean open = new AtomicBoolean(true);

        private Hold() {
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                released();
            }
        }
    }

    /**
     * One reading of the streams, from the first hold to the end of the quiet spell after the last. Its state is
     * touched on the tail thread only (the latches excepted); every step first checks that it is still the current
     * session, so the reads and retries of one that ended stop by themselves.
     */
    private final class Session {

        /** Per partition, the id of the last entry handed on; null until its stream's end is known. */
        private final String[] lastIds = new String[partitions];
        /** Per reader (each partition's, then the blocking read's), the pause before it tries again after a failure. */
        private final long[] backoffMs = new long[partitions + 1];
        /** Per partition, the pause before the next read while its stream has nothing new. */
        private final long[] idleMs = new long[partitions];
        /** Per reader, as {@link #backoffMs}: whether its last try failed. */
        private final boolean[] failing = new boolean[partitions + 1];
        /** Per partition, opened once its stream's starting point is known. */
        private final CountDownLatch[] started = new CountDownLatch[partitions];
        /** The one blocking read's reader index in {@link #failing} and {@link #backoffMs}. */
        private final int blockingReader = partitions;
        /** The blocking read's connection (connecting or connected); null until the first read. */
        private volatile CompletableFuture<LettuceRedis.Dedicated> blockingConnection;
        private volatile boolean ended;
        /** Partitions whose starting point is known. */
        private int knownPartitions;
        private int failingReaders;

        Session() {
            for (int p = 0; p < partitions; p++) {
                started[p] = new CountDownLatch(1);
            }
        }

        void start() {
            for (int p = 0; p < partitions; p++) {
                read(p);
            }
        }

        /** Stops its reads (those under way are ignored when they answer) and closes the blocking read's connection. */
        void end() {
            ended = true;
            CompletableFuture<LettuceRedis.Dedicated> connection = blockingConnection;
            if (connection != null) {
                connection.thenAccept(LettuceRedis.Dedicated::close);
            }
        }

        private boolean over() {
            return ended || stopped;
        }

        private void read(int partition) {
            if (over()) {
                return;
            }
            String key = keys[partition];
            try {
                if (lastIds[partition] == null) {
                    CompletionStage<List<StreamMessage<String, String>>> last =
                            redis.async().xrevrange(key, Range.create("-", "+"), Limit.from(1));
                    last.whenCompleteAsync((messages, failure) -> {
                        if (over()) {
                            return;
                        }
                        if (failure != null) {
                            failed(partition, failure, () -> read(partition));
                            return;
                        }
                        lastIds[partition] = messages.isEmpty() ? STREAM_START : messages.get(0).getId();
                        started[partition].countDown();
                        succeeded(partition);
                        if (blockMs == 0) {
                            read(partition);
                        } else if (++knownPartitions == partitions) {
                            readAll();
                        }
                    }, thread);
                } else {
                    CompletionStage<List<StreamMessage<String, String>>> batch = redis.async().xread(
                            XReadArgs.Builder.count(config.getBatch()), XReadArgs.StreamOffset.from(key, lastIds[partition]));
                    batch.whenCompleteAsync((messages, failure) -> {
                        if (over()) {
                            return;
                        }
                        if (failure != null) {
                            failed(partition, failure, () -> read(partition));
                            return;
                        }
                        succeeded(partition);
                        if (messages != null && !messages.isEmpty()) {
                            hand(partition, messages);
                        }
                        schedule(() -> read(partition), onGrid(System.nanoTime() / NANOS_PER_MS,
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
            if (over()) {
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
                            if (over()) {
                                return;
                            }
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
                            // A stream's full batch: more is waiting there. Otherwise a pause of GAVEL_LIVE_POLL_MS first, so a
                            // busy stream's events leave in batches, as the polls' do, not one fan-out per append.
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
                if (ended) {
                    // Ended while this connect was being asked for: end() may have missed it.
                    current.thenAccept(LettuceRedis.Dedicated::close);
                }
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
            if (over()) {
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
    }
}
