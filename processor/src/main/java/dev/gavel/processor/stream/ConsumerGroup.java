package dev.gavel.processor.stream;

import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.StreamEntry;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XAutoClaimArgs;
import io.lettuce.core.XGroupCreateArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.models.stream.ClaimedMessages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * This instance's membership of the consumer group {@value #GROUP} on every partition stream: creating
 * the groups, reading, claiming what another consumer left, acknowledging, and removing consumers that
 * are gone. Reads are pipelined over the partitions (one single-stream XREADGROUP each, all sent before any is
 * awaited), so on a Redis Cluster a read is one pipelined round per primary.
 *
 * <p>At the start and after a failed pass this consumer's own unacknowledged entries are read again first
 * (from id 0) until a partition has none left, so nothing it read is left to wait for a claim: a
 * processor restarted under the same name (bin/gavel names them {@code processor-N}) picks up at once
 * the batch it was applying when it was killed.
 */
public final class ConsumerGroup {

    public static final String GROUP = StreamEntry.ARCHIVER_GROUP;
    /** A consumer with nothing pending is removed once idle for this many claim intervals. */
    static final int FORGET_AFTER_CLAIM_IDLES = 10;
    private static final Logger LOG = LoggerFactory.getLogger(ConsumerGroup.class);

    private final RedisConnection redis;
    private final int partitions;
    private final Consumer<String> consumer;
    private final int batch;
    private final Duration claimIdle;
    private final boolean[] ownPending;

    public ConsumerGroup(RedisConnection redis, int partitions, String consumerName, int batch, Duration claimIdle) {
        this.redis = redis;
        this.partitions = partitions;
        this.consumer = Consumer.from(GROUP, consumerName);
        this.batch = batch;
        this.claimIdle = claimIdle;
        this.ownPending = new boolean[partitions];
        Arrays.fill(ownPending, true);
    }

    public String consumerName() {
        return consumer.getName();
    }

    public Duration claimIdle() {
        return claimIdle;
    }

    /** Each stream and its group, created at id 0 so entries written before the first start are read too. */
    public void create() {
        for (int p = 0; p < partitions; p++) {
            try {
                redis.sync().xgroupCreate(XReadArgs.StreamOffset.from(RedisKeys.events(p), "0"), GROUP,
                        XGroupCreateArgs.Builder.mkstream());
            } catch (RedisBusyException e) {
                LOG.debug("group {} exists on partition {}", GROUP, p);
            }
        }
        LOG.info("consumer {} of group {} reading {} partitions", consumer.getName(), GROUP, partitions);
    }

    /** One pass over every partition: new entries, or this consumer's own unacknowledged ones after a failure. */
    public Batch read() {
        RedisClusterAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<List<StreamMessage<String, String>>>> replies = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            String stream = RedisKeys.events(p);
            XReadArgs.StreamOffset<String> offset = ownPending[p]
                    ? XReadArgs.StreamOffset.from(stream, "0")
                    : XReadArgs.StreamOffset.lastConsumed(stream);
            replies.add(async.xreadgroup(consumer, XReadArgs.Builder.count(batch), offset));
        }
        List<List<StreamMessage<String, String>>> entries = new ArrayList<>(partitions);
        boolean full = false;
        for (int p = 0; p < partitions; p++) {
            List<StreamMessage<String, String>> read = redis.await(replies.get(p));
            read = read == null ? List.of() : read;
            entries.add(read);
            full |= read.size() >= batch;
        }
        return new Batch(entries, full);
    }

    /** Called once a batch from {@link #read()} is applied and acknowledged. */
    public void applied(Batch applied) {
        for (int p = 0; p < partitions; p++) {
            ownPending[p] = ownPending[p] && applied.entries(p).size() >= batch;
        }
    }

    /** Called after a failed pass: what this consumer read may be unacknowledged. */
    public void failed() {
        Arrays.fill(ownPending, true);
    }

    /**
     * Claims the entries another consumer read and left unacknowledged for {@code claimIdle} (XAUTOCLAIM),
     * a batch at a time, handing each to {@code apply}: a killed instance's batch is applied by whoever
     * claims it, and applying it again changes nothing.
     */
    public void claim(java.util.function.Consumer<Batch> apply, BooleanSupplier running) {
        for (int p = 0; p < partitions && running.getAsBoolean(); p++) {
            String stream = RedisKeys.events(p);
            String start = "0-0";
            do {
                ClaimedMessages<String, String> claimed = redis.sync().xautoclaim(stream,
                        XAutoClaimArgs.Builder.xautoclaim(consumer, claimIdle, start).count(batch));
                if (!claimed.getMessages().isEmpty()) {
                    LOG.info("claimed {} entries of partition {} left pending by another consumer",
                            claimed.getMessages().size(), p);
                    apply.accept(Batch.ofPartition(partitions, p, claimed.getMessages()));
                }
                start = claimed.getId();
            } while (!"0-0".equals(start) && running.getAsBoolean());
        }
    }

    /** Acknowledges the given entry ids of each partition (index = partition), pipelined. */
    public void acknowledge(List<List<String>> ids) {
        RedisClusterAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<Long>> acked = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            if (!ids.get(p).isEmpty()) {
                acked.add(async.xack(RedisKeys.events(p), GROUP, ids.get(p).toArray(String[]::new)));
            }
        }
        acked.forEach(redis::await);
    }

    /**
     * Deletes other consumers that hold no pending entry and have been idle for
     * {@value #FORGET_AFTER_CLAIM_IDLES} claim intervals, so instances that died or were replaced do not
     * pile up in the group (a live one that was merely idle is added again by its next read, and had
     * nothing to lose).
     */
    public void forgetIdleConsumers() {
        RedisClusterAsyncCommands<String, String> async = redis.async();
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
    static List<String> idleConsumers(List<Object> reply, long idleLongerThanMs) {
        List<String> idle = new ArrayList<>();
        for (Map<String, String> consumer : XInfo.records(reply)) {
            if ("0".equals(consumer.get("pending")) && Long.parseLong(consumer.getOrDefault("idle", "0")) > idleLongerThanMs) {
                idle.add(consumer.get("name"));
            }
        }
        return idle;
    }
}
