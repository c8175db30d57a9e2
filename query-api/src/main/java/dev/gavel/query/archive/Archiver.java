package dev.gavel.query.archive;

import dev.gavel.contract.MicroTime;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.GavelConfig;
import dev.gavel.query.store.MongoStore;
import dev.gavel.query.store.RedisStore;
import io.lettuce.core.Consumer;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import io.lettuce.core.models.stream.PendingMessages;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The archive loop, on a thread of its own. Each pass reads new entries of every partition's stream with
 * the consumer group {@value #GROUP} (pipelined over the partitions), writes the valid ones of all
 * partitions to MongoDB together ({@link ArchiveWriter}, idempotent), moves invalid ones to their
 * partition's dead-letter stream, then acknowledges what it wrote. A pass that filled no partition's
 * batch is followed by a pause of {@code GAVEL_ARCHIVE_POLL_MS}, so under load entries gather into
 * large batches (a few bulk writes per pass rather than a few per event, on the cores the write path
 * also needs) at the price of that much lag. Once a second it trims what the group has acknowledged,
 * and every {@code claimIdle / 2} it claims entries that another consumer read but has not
 * acknowledged for {@code claimIdle} (XAUTOCLAIM): a killed instance's batch is archived by whoever
 * claims it, and replaying it changes nothing. A consumer left with nothing pending and idle for
 * {@value #FORGET_AFTER_CLAIM_IDLES} times {@code claimIdle} is deleted from the group, so instances
 * that died or were replaced do not pile up in it (a live one that was merely idle is added again by
 * its next read, and had nothing to lose).
 */
public final class Archiver implements Runnable {

    public static final String GROUP = "archiver";
    public static final long DEAD_LETTER_MAX = 100_000;
    static final int FORGET_AFTER_CLAIM_IDLES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(Archiver.class);
    private static final Duration FAILURE_BACKOFF = Duration.ofSeconds(1);
    private static final Duration STATS_EVERY = Duration.ofSeconds(1);
    private static final Duration TRIM_EVERY = Duration.ofSeconds(1);
    private static final String DEAD_LETTER_SCRIPT = loadScript();

    /** Called after a batch is in MongoDB and before it is acknowledged (a test stops a "killed" archiver here). */
    interface Checkpoint {
        void beforeAck(int partition, List<StreamMessage<String, String>> batch);
    }

    private final RedisStore redis;
    private final ArchiveWriter writer;
    private final int partitions;
    private final Consumer<String> consumer;
    private final int batch;
    private final Duration claimIdle;
    private final long pollNanos;
    private final Checkpoint checkpoint;
    private final boolean[] ownPending;
    private final Counter archived;
    private final Counter deadLettered;
    private final AtomicLong lagEntries;
    private final AtomicLong lagMillis;
    private final AtomicLong deadLetterEntries;
    private volatile boolean running = true;
    private boolean groupsReady;
    private long nextClaimNanos;
    private long nextStatsNanos;
    private long nextTrimNanos;
    private long lastWarningNanos;

    public Archiver(RedisStore redis, MongoStore mongo, GavelConfig config, String consumerName, MeterRegistry meters) {
        this(redis, mongo, config, consumerName, meters, (partition, entries) -> { });
    }

    Archiver(RedisStore redis, MongoStore mongo, GavelConfig config, String consumerName, MeterRegistry meters,
             Checkpoint checkpoint) {
        this.redis = redis;
        this.writer = new ArchiveWriter(mongo);
        this.partitions = config.getPartitions();
        this.consumer = Consumer.from(GROUP, consumerName);
        this.batch = config.getArchiveBatch();
        this.claimIdle = Duration.ofMillis(config.getArchiveClaimIdleMs());
        this.pollNanos = Duration.ofMillis(config.getArchivePollMs()).toNanos();
        this.checkpoint = checkpoint;
        this.ownPending = new boolean[partitions];
        this.archived = Counter.builder("gavel.archive.events").description("events archived into MongoDB")
                .register(meters);
        this.deadLettered = Counter.builder("gavel.archive.dead.letters")
                .description("invalid stream entries moved to a dead-letter stream").register(meters);
        this.lagEntries = meters.gauge("gavel.archive.lag.entries", new AtomicLong());
        this.lagMillis = new AtomicLong();
        meters.gauge("gavel.archive.lag.seconds", lagMillis, millis -> millis.get() / 1000.0);
        this.deadLetterEntries = meters.gauge("gavel.archive.dead.letter.entries", new AtomicLong());
    }

    public String consumerName() {
        return consumer.getName();
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try {
                if (!groupsReady) {
                    createGroups();
                    groupsReady = true;
                }
                long now = System.nanoTime();
                if (now - nextClaimNanos >= 0) {
                    claimAll();
                    forgetIdleConsumers();
                    nextClaimNanos = now + claimIdle.toNanos() / 2;
                }
                boolean moreWaiting = readAll();
                if (now - nextTrimNanos >= 0) {
                    trimAll();
                    nextTrimNanos = now + TRIM_EVERY.toNanos();
                }
                if (now - nextStatsNanos >= 0) {
                    updateStats();
                    nextStatsNanos = now + STATS_EVERY.toNanos();
                }
                if (!moreWaiting && running) {
                    LockSupport.parkNanos(pollNanos);
                }
            } catch (RuntimeException e) {
                failed(e);
            }
        }
    }

    /**
     * One pass over every partition: new entries, or this consumer's own unacknowledged ones after a
     * failed pass. Answers whether a partition filled its batch, so more may be waiting.
     */
    private boolean readAll() {
        RedisAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<List<StreamMessage<String, String>>>> replies = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            String stream = RedisKeys.events(p);
            XReadArgs.StreamOffset<String> offset = ownPending[p]
                    ? XReadArgs.StreamOffset.from(stream, "0")
                    : XReadArgs.StreamOffset.lastConsumed(stream);
            replies.add(async.xreadgroup(consumer, XReadArgs.Builder.count(batch), offset));
        }
        List<List<StreamMessage<String, String>>> read = new ArrayList<>(partitions);
        boolean full = false;
        for (int p = 0; p < partitions; p++) {
            List<StreamMessage<String, String>> entries = redis.await(replies.get(p));
            entries = entries == null ? List.of() : entries;
            read.add(entries);
            full |= entries.size() >= batch;
        }
        process(read);
        for (int p = 0; p < partitions; p++) {
            ownPending[p] = ownPending[p] && read.get(p).size() >= batch;
        }
        return full;
    }

    private void claimAll() {
        RedisCommands<String, String> sync = redis.sync();
        for (int p = 0; p < partitions && running; p++) {
            String stream = RedisKeys.events(p);
            String start = "0-0";
            do {
                ClaimedMessages<String, String> claimed = sync.xautoclaim(stream,
                        XAutoClaimArgs.Builder.xautoclaim(consumer, claimIdle, start).count(batch));
                if (!claimed.getMessages().isEmpty()) {
                    LOG.info("claimed {} entries of partition {} left pending by another consumer",
                            claimed.getMessages().size(), p);
                    List<List<StreamMessage<String, String>>> read = new ArrayList<>(partitions);
                    for (int other = 0; other < partitions; other++) {
                        read.add(other == p ? claimed.getMessages() : List.of());
                    }
                    process(read);
                }
                start = claimed.getId();
            } while (!"0-0".equals(start) && running);
        }
    }

    /** Deletes other consumers that hold no pending entry and have been idle for long (see the class comment). */
    private void forgetIdleConsumers() {
        RedisAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<List<Object>>> replies = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            replies.add(async.xinfoConsumers(RedisKeys.events(p), GROUP));
        }
        long forgetAfterMs = claimIdle.toMillis() * FORGET_AFTER_CLAIM_IDLES;
        List<RedisFuture<Long>> deleted = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            for (String name : idleConsumers(redis.await(replies.get(p)), forgetAfterMs)) {
                if (!name.equals(consumer.getName())) {
                    LOG.info("consumer {} of partition {} has had nothing pending and been idle for over {} ms: "
                            + "removed from the group", name, p, forgetAfterMs);
                    deleted.add(async.xgroupDelconsumer(RedisKeys.events(p), Consumer.from(GROUP, name)));
                }
            }
        }
        deleted.forEach(redis::await);
    }

    /** Names of the consumers, in an XINFO CONSUMERS reply, with no pending entry and idle longer than the limit. */
    static List<String> idleConsumers(List<Object> consumers, long idleLongerThanMs) {
        List<String> idle = new ArrayList<>();
        for (Object entry : consumers) {
            List<?> fields = (List<?>) entry;
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                values.put(String.valueOf(fields.get(i)), String.valueOf(fields.get(i + 1)));
            }
            if ("0".equals(values.get("pending")) && Long.parseLong(values.getOrDefault("idle", "0")) > idleLongerThanMs) {
                idle.add(values.get("name"));
            }
        }
        return idle;
    }

    /**
     * Archives the entries read from each partition ({@code read.get(p)}): one write to MongoDB for all
     * of them, then the acknowledgements, pipelined. Nothing is acknowledged (and so nothing trimmed)
     * before MongoDB has made it durable: the writes use a journaled write concern, and the embedded
     * MongoDB syncs each write to disk before its reply.
     */
    private void process(List<List<StreamMessage<String, String>>> read) {
        List<Document> events = new ArrayList<>();
        List<List<String>> acks = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            List<String> ids = new ArrayList<>(read.get(p).size());
            for (StreamMessage<String, String> entry : read.get(p)) {
                if (entry.getBody() == null || entry.getBody().isEmpty()) {
                    ids.add(entry.getId());
                    continue;
                }
                EventParser.Result parsed = EventParser.parse(entry.getBody());
                if (parsed.isValid()) {
                    events.add(parsed.event().append("partition", p).append("stream_id", entry.getId()));
                    ids.add(entry.getId());
                } else {
                    deadLetter(p, entry, parsed.reason());
                }
            }
            acks.add(ids);
        }
        writer.write(events);
        RedisAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<Long>> acked = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            if (!read.get(p).isEmpty()) {
                checkpoint.beforeAck(p, read.get(p));
            }
            if (!acks.get(p).isEmpty()) {
                acked.add(async.xack(RedisKeys.events(p), GROUP, acks.get(p).toArray(String[]::new)));
            }
        }
        acked.forEach(redis::await);
        archived.increment(events.size());
    }

    private void deadLetter(int partition, StreamMessage<String, String> entry, String reason) {
        Long moved = redis.sync().eval(DEAD_LETTER_SCRIPT, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.events(partition), RedisKeys.deadLetters(partition)},
                GROUP, entry.getId(), reason, new Document(new LinkedHashMap<>(entry.getBody())).toJson(),
                Long.toString(MicroTime.nowMicros()), Integer.toString(partition), Long.toString(DEAD_LETTER_MAX));
        if (moved != null && moved == 1) {
            deadLettered.increment();
            LOG.warn("stream entry {} of partition {} moved to the dead-letter stream: {}", entry.getId(), partition, reason);
        }
    }

    /**
     * Removes what the group has acknowledged, on every partition. Per partition, the group's
     * last-delivered id is read first, then the pending summary (pipelined on one connection, so in that
     * order): with nothing pending, every entry up to that id was delivered and acknowledged; otherwise
     * everything below the lowest pending entry was. Entries delivered in between are newer than the id
     * read, so they are never removed.
     */
    private void trimAll() {
        RedisAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<List<Object>>> groups = new ArrayList<>(partitions);
        List<RedisFuture<PendingMessages>> pendings = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            groups.add(async.xinfoGroups(RedisKeys.events(p)));
            pendings.add(async.xpending(RedisKeys.events(p), GROUP));
        }
        List<RedisFuture<Long>> trims = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            String lastDelivered = lastDeliveredId(redis.await(groups.get(p)));
            PendingMessages pending = redis.await(pendings.get(p));
            if (lastDelivered == null) {
                continue;
            }
            String minId = pending.getCount() > 0 ? pending.getMessageIds().getLower().getValue() : after(lastDelivered);
            trims.add(async.xtrim(RedisKeys.events(p), XTrimArgs.Builder.minId(minId)));
        }
        trims.forEach(redis::await);
    }

    /** The group's {@code last-delivered-id} from an XINFO GROUPS reply (a list of key/value lists). */
    static String lastDeliveredId(List<Object> groups) {
        for (Object group : groups) {
            List<?> fields = (List<?>) group;
            Map<String, String> values = new HashMap<>();
            for (int i = 0; i + 1 < fields.size(); i += 2) {
                values.put(String.valueOf(fields.get(i)), String.valueOf(fields.get(i + 1)));
            }
            if (GROUP.equals(values.get("name"))) {
                return values.get("last-delivered-id");
            }
        }
        return null;
    }

    private void updateStats() {
        RedisAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<Long>> lengths = new ArrayList<>(partitions);
        List<RedisFuture<List<StreamMessage<String, String>>>> oldest = new ArrayList<>(partitions);
        List<RedisFuture<Long>> dead = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            lengths.add(async.xlen(RedisKeys.events(p)));
            oldest.add(async.xrange(RedisKeys.events(p), Range.unbounded(), Limit.create(0, 1)));
            dead.add(async.xlen(RedisKeys.deadLetters(p)));
        }
        long entries = 0;
        long deadEntries = 0;
        long oldestMillis = Long.MAX_VALUE;
        for (int p = 0; p < partitions; p++) {
            entries += redis.await(lengths.get(p));
            deadEntries += redis.await(dead.get(p));
            List<StreamMessage<String, String>> first = redis.await(oldest.get(p));
            if (first != null && !first.isEmpty()) {
                oldestMillis = Math.min(oldestMillis, millisOf(first.get(0).getId()));
            }
        }
        lagEntries.set(entries);
        deadLetterEntries.set(deadEntries);
        lagMillis.set(oldestMillis == Long.MAX_VALUE ? 0 : Math.max(0, System.currentTimeMillis() - oldestMillis));
    }

    /** Each stream and its group, created at id 0 so entries written before the first start are archived too. */
    private void createGroups() {
        RedisCommands<String, String> sync = redis.sync();
        for (int p = 0; p < partitions; p++) {
            try {
                sync.xgroupCreate(XReadArgs.StreamOffset.from(RedisKeys.events(p), "0"), GROUP,
                        XGroupCreateArgs.Builder.mkstream());
            } catch (RedisBusyException e) {
                LOG.debug("group {} exists on partition {}", GROUP, p);
            }
        }
        LOG.info("archiver {} reading {} partitions", consumer.getName(), partitions);
    }

    private void failed(RuntimeException e) {
        Arrays.fill(ownPending, true);
        // A Redis that lost its data (restarted without its AOF) lost the groups too (NOGROUP): make them again.
        groupsReady = false;
        long now = System.nanoTime();
        if (now - lastWarningNanos > Duration.ofSeconds(10).toNanos() || lastWarningNanos == 0) {
            LOG.warn("archive pass failed, retrying: {}", e.toString());
            lastWarningNanos = now;
        }
        LockSupport.parkNanos(FAILURE_BACKOFF.toNanos());
    }

    /** The smallest stream id after {@code id} ({@code ms-seq}). */
    static String after(String id) {
        int dash = id.indexOf('-');
        return id.substring(0, dash) + "-" + (Long.parseLong(id.substring(dash + 1)) + 1);
    }

    static long millisOf(String id) {
        int dash = id.indexOf('-');
        return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
    }

    private static String loadScript() {
        try (InputStream in = Archiver.class.getResourceAsStream("/lua/dead-letter.lua")) {
            if (in == null) {
                throw new IllegalStateException("lua/dead-letter.lua is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
