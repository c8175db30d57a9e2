package dev.gavel.processor.derive;

import dev.gavel.contract.RedisKeys;
import dev.gavel.processor.Pass;
import dev.gavel.processor.stream.RedisConnection;
import dev.gavel.processor.stream.StreamIds;
import io.lettuce.core.Limit;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Derives the views of every partition, a batch at a time, exactly once. Per pass: each partition's mark
 * (the last entry applied), then the entries after it (XRANGE, in stream order), merged into one
 * {@link ViewUpdates} per partition and applied with the mark's move in one script per partition
 * (single slot, so it runs on a Redis Cluster too). All three steps are pipelined over the partitions.
 *
 * <p>This does not use the consumer group: a view must take each entry once, in any order of processors
 * and crashes, and a mark that moves only with the views it covers gives exactly that. Two processors
 * that read the same entries race; the script applies the first batch and refuses the other (it finds
 * the mark moved), which the loser simply reads again. The streams are trimmed only below the mark.
 */
public final class DerivePass implements Pass {

    private final RedisConnection redis;
    private final int partitions;
    private final int batch;
    private final ViewDeriver deriver;
    private final DeriveScript script;
    private final Counter derived;
    private final Counter refused;

    public DerivePass(RedisConnection redis, RedisKeys keys, int batch, Clock clock, MeterRegistry meters) {
        this.redis = redis;
        this.partitions = keys.partitions();
        this.batch = batch;
        this.deriver = new ViewDeriver(keys, clock);
        this.script = new DeriveScript(redis);
        this.derived = Counter.builder("gavel.derived.entries")
                .description("stream entries whose derived views this process applied").register(meters);
        this.refused = Counter.builder("gavel.derived.batches.refused")
                .description("batches another processor had applied first (read again, applied once)").register(meters);
    }

    /** One pass over every partition; answers whether a partition had more entries than one batch. */
    @Override
    public boolean run() {
        RedisClusterAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<String>> marks = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            marks.add(async.hget(RedisKeys.derivedMark(p), "applied"));
        }
        List<String> from = new ArrayList<>(partitions);
        List<RedisFuture<List<StreamMessage<String, String>>>> reads = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            String mark = redis.await(marks.get(p));
            from.add(mark == null ? "" : mark);
            reads.add(async.xrange(RedisKeys.events(p), StreamIds.rangeAfter(mark), Limit.create(0, batch)));
        }
        boolean full = false;
        List<Applying> applying = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            List<StreamMessage<String, String>> entries = redis.await(reads.get(p));
            if (entries == null || entries.isEmpty()) {
                continue;
            }
            full |= entries.size() >= batch;
            ViewUpdates updates = new ViewUpdates();
            for (StreamMessage<String, String> entry : entries) {
                deriver.derive(p, entry.getBody(), updates);
            }
            String last = entries.get(entries.size() - 1).getId();
            applying.add(Applying.send(script, p, from.get(p), last, updates, entries.size()));
        }
        for (Applying batchApplied : applying) {
            if ("ok".equals(script.outcome(batchApplied.reply, batchApplied.keys, batchApplied.args))) {
                derived.increment(batchApplied.entries);
            } else {
                refused.increment();
            }
        }
        return full;
    }

    @Override
    public void failed() {
        // Nothing to reset: the next pass reads every mark again.
    }

    @Override
    public String name() {
        return "derive";
    }

    /** One partition's batch on its way to Redis. */
    private record Applying(RedisFuture<List<Object>> reply, String[] keys, String[] args, int entries) {

        static Applying send(DeriveScript script, int partition, String from, String last, ViewUpdates updates,
                             int entries) {
            List<String> keys = new ArrayList<>();
            keys.add(RedisKeys.derivedMark(partition));
            keys.addAll(updates.keys());
            List<String> args = new ArrayList<>();
            args.add(from);
            args.add(last);
            args.addAll(updates.operations());
            String[] keyArray = keys.toArray(String[]::new);
            String[] argArray = args.toArray(String[]::new);
            return new Applying(script.send(keyArray, argArray), keyArray, argArray, entries);
        }
    }
}
