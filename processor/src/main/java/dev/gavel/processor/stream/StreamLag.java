package dev.gavel.processor.stream;

import dev.gavel.contract.RedisKeys;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How far the processors are behind, measured in Redis (so every instance reports the whole group's lag,
 * not its own): the entries still in the partition streams, the age of the oldest one, the age of the
 * oldest entry whose views are not derived yet, and the entries in the dead-letter streams. Exported as
 * gauges, refreshed by {@link #update()}.
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
                .description("entries still in the event streams, not yet archived into MongoDB").register(meters);
        Gauge.builder("gavel.archive.lag.seconds", oldestMillis, millis -> millis.get() / 1000.0)
                .description("age of the oldest entry still in an event stream").baseUnit("seconds").register(meters);
        Gauge.builder("gavel.derived.lag.seconds", underivedMillis, millis -> millis.get() / 1000.0)
                .description("age of the oldest stream entry whose derived views (statistics, users' items, "
                        + "recent items) are not applied yet").baseUnit("seconds").register(meters);
        Gauge.builder("gavel.archive.dead.letter.entries", deadLetters, AtomicLong::get)
                .description("entries in the dead-letter streams (GET /events/dead-letter)").register(meters);
    }

    public void update() {
        RedisClusterAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<Long>> lengths = new ArrayList<>(partitions);
        List<RedisFuture<List<StreamMessage<String, String>>>> oldest = new ArrayList<>(partitions);
        List<RedisFuture<Long>> dead = new ArrayList<>(partitions);
        List<RedisFuture<String>> marks = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            lengths.add(async.xlen(RedisKeys.events(p)));
            oldest.add(async.xrange(RedisKeys.events(p), Range.unbounded(), Limit.create(0, 1)));
            dead.add(async.xlen(RedisKeys.deadLetters(p)));
            marks.add(async.hget(RedisKeys.derivedMark(p), "applied"));
        }
        List<RedisFuture<List<StreamMessage<String, String>>>> underived = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            String mark = redis.await(marks.get(p));
            underived.add(async.xrange(RedisKeys.events(p), StreamIds.rangeAfter(mark), Limit.create(0, 1)));
        }
        long total = 0;
        long deadTotal = 0;
        long oldestAdded = Long.MAX_VALUE;
        long oldestUnderived = Long.MAX_VALUE;
        for (int p = 0; p < partitions; p++) {
            List<StreamMessage<String, String>> next = redis.await(underived.get(p));
            if (next != null && !next.isEmpty()) {
                oldestUnderived = Math.min(oldestUnderived, StreamIds.millisOf(next.get(0).getId()));
            }
            total += redis.await(lengths.get(p));
            deadTotal += redis.await(dead.get(p));
            List<StreamMessage<String, String>> first = redis.await(oldest.get(p));
            if (first != null && !first.isEmpty()) {
                oldestAdded = Math.min(oldestAdded, StreamIds.millisOf(first.get(0).getId()));
            }
        }
        entries.set(total);
        deadLetters.set(deadTotal);
        long now = System.currentTimeMillis();
        oldestMillis.set(oldestAdded == Long.MAX_VALUE ? 0 : Math.max(0, now - oldestAdded));
        underivedMillis.set(oldestUnderived == Long.MAX_VALUE ? 0 : Math.max(0, now - oldestUnderived));
    }
}
