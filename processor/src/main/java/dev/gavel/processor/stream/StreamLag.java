package dev.gavel.processor.stream;

import dev.gavel.contract.RedisKeys;
import io.lettuce.core.Limit;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.models.stream.PendingMessages;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the processors are behind, measured in Redis (so every instance reports the whole group's lag,
 * not its own): the entries not yet archived, the age of the oldest of them, the age of the oldest entry
 * whose views are not derived yet, and the entries in the dead-letter streams. A stream also holds entries
 * that are done, kept a few seconds for the live streams ({@link StreamTrimmer}), so "not yet archived" is
 * the group's: its pending entries and those after its last-delivered id (XINFO GROUPS, XPENDING). Exported
 * as gauges, refreshed by {@link #update()}.
 */
public final class StreamLag {

    private final RedisConnection redis;
    private final int partitions;
    private final AtomicLong entries = new AtomicLong();
    private final AtomicLong oldestMillis = new AtomicLong();
    private final AtomicLong deadLetters = new AtomicLong();
    private final AtomicLong underivedMillis = new AtomicLong();

    public StreamLag(RedisConnection redis, int partitions, MeterRegistry meters) {
        this.redis = redis;
        this.partitions = partitions;
        Gauge.builder("gavel.archive.lag.entries", entries, AtomicLong::get)
                .description("entries in the event streams not yet archived into MongoDB").register(meters);
        Gauge.builder("gavel.archive.lag.seconds", oldestMillis, millis -> millis.get() / 1000.0)
                .description("age of the oldest entry not yet archived").baseUnit("seconds").register(meters);
        Gauge.builder("gavel.derived.lag.seconds", underivedMillis, millis -> millis.get() / 1000.0)
                .description("age of the oldest stream entry whose derived views (statistics, users' items, "
                        + "recent items) are not applied yet").baseUnit("seconds").register(meters);
        Gauge.builder("gavel.archive.dead.letter.entries", deadLetters, AtomicLong::get)
                .description("entries in the dead-letter streams (GET /events/dead-letter)").register(meters);
    }

    public void update() {
        RedisClusterAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<List<Object>>> groups = new ArrayList<>(partitions);
        List<RedisFuture<PendingMessages>> pendings = new ArrayList<>(partitions);
        List<RedisFuture<Long>> lengths = new ArrayList<>(partitions);
        List<RedisFuture<Long>> dead = new ArrayList<>(partitions);
        List<RedisFuture<String>> marks = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            String stream = RedisKeys.events(p);
            groups.add(async.xinfoGroups(stream));
            pendings.add(async.xpending(stream, ConsumerGroup.GROUP));
            lengths.add(async.xlen(stream));
            dead.add(async.xlen(RedisKeys.deadLetters(p)));
            marks.add(async.hget(RedisKeys.derivedMark(p), "applied"));
        }
        List<RedisFuture<List<StreamMessage<String, String>>>> underived = new ArrayList<>(partitions);
        List<RedisFuture<List<StreamMessage<String, String>>>> undelivered = new ArrayList<>(partitions);
        long total = 0;
        long deadTotal = 0;
        long oldestUnarchived = Long.MAX_VALUE;
        for (int p = 0; p < partitions; p++) {
            String stream = RedisKeys.events(p);
            underived.add(async.xrange(stream, StreamIds.rangeAfter(redis.await(marks.get(p))), Limit.create(0, 1)));
            Map<String, String> group = XInfo.archiver(redis.await(groups.get(p)));
            PendingMessages pending = redis.await(pendings.get(p));
            long length = redis.await(lengths.get(p));
            deadTotal += redis.await(dead.get(p));
            String lastDelivered = group == null ? null : group.get("last-delivered-id");
            total += group == null ? length : unarchived(group, pending.getCount(), length);
            if (pending.getCount() > 0) {
                oldestUnarchived = Math.min(oldestUnarchived, StreamIds.millisOf(pending.getMessageIds().getLower().getValue()));
                undelivered.add(null);
            } else {
                undelivered.add(async.xrange(stream, StreamIds.rangeAfter(lastDelivered), Limit.create(0, 1)));
            }
        }
        long oldestUnderived = Long.MAX_VALUE;
        for (int p = 0; p < partitions; p++) {
            oldestUnderived = Math.min(oldestUnderived, firstMillis(redis.await(underived.get(p))));
            if (undelivered.get(p) != null) {
                oldestUnarchived = Math.min(oldestUnarchived, firstMillis(redis.await(undelivered.get(p))));
            }
        }
        entries.set(total);
        deadLetters.set(deadTotal);
        long now = System.currentTimeMillis();
        oldestMillis.set(oldestUnarchived == Long.MAX_VALUE ? 0 : Math.max(0, now - oldestUnarchived));
        underivedMillis.set(oldestUnderived == Long.MAX_VALUE ? 0 : Math.max(0, now - oldestUnderived));
    }

    /**
     * The group's entries not yet acknowledged: pending, plus its {@code lag} (entries not delivered yet). Redis
     * answers no lag when it cannot tell; then the whole stream counts, an overstatement rather than a hidden lag.
     */
    static long unarchived(Map<String, String> group, long pending, long length) {
        String lag = group.get("lag");
        if (lag == null || lag.equals("null")) {
            return length;
        }
        try {
            return pending + Long.parseLong(lag);
        } catch (NumberFormatException e) {
            return length;
        }
    }

    private static long firstMillis(List<StreamMessage<String, String>> first) {
        return first == null || first.isEmpty() ? Long.MAX_VALUE : StreamIds.millisOf(first.get(0).getId());
    }
}
