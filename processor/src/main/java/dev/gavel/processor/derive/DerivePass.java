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
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Derives the views of every partition, a batch at a time, exactly once. Per pass: each partition's mark
 * (the last entry applied), then the entries after it (XRANGE, in stream order), merged into one
 * {@link BatchUpdates} per partition. What a batch changes in other partitions (a user's items and
 * statistics live in the user's partition) is applied first, one {@code derive-target.lua} per target
 * partition carrying the segments of every source batch that touches it; only once those all answered,
 * each source's own updates are applied with the move of its mark, one {@code derive.lua} per partition.
 * Every script touches one slot, so this runs on a Redis Cluster; each step is pipelined over the
 * partitions, so a pass is four rounds (three when no batch touches another partition).
 *
 * <p>This does not use the consumer group: a view must take each entry once, in any order of processors
 * and crashes, and marks that move only with the views they cover give exactly that. A source's mark
 * {@code applied} moves only after its entries reached every target; a target keeps per source the last
 * entry it applied ({@code from:<N>}) and skips what it already has, so a batch replayed after a crash
 * between the two steps changes a target nothing twice. Two processors that read the same entries race;
 * the source script applies the first batch and refuses the other (it finds the mark moved), which the
 * loser simply reads again. The streams are trimmed only below the source's mark.
 */
public final class DerivePass implements Pass {

    private final RedisConnection redis;
    private final int partitions;
    private final int batch;
    private final ViewDeriver deriver;
    private final DeriveScript sourceScript;
    private final DeriveScript targetScript;
    private final Counter derived;
    private final Counter refused;
    private final Counter remerged;

    public DerivePass(RedisConnection redis, RedisKeys keys, int batch, Clock clock, MeterRegistry meters) {
        this.redis = redis;
        this.partitions = keys.partitions();
        this.batch = batch;
        this.deriver = new ViewDeriver(keys, clock);
        this.sourceScript = DeriveScript.source(redis);
        this.targetScript = DeriveScript.target(redis);
        this.derived = Counter.builder("gavel.derived.entries")
                .description("stream entries whose derived views this process applied").register(meters);
        this.refused = Counter.builder("gavel.derived.batches.refused")
                .description("batches another processor had applied first (read again, applied once)").register(meters);
        this.remerged = Counter.builder("gavel.derived.segments.remerged")
                .description("updates of another partition merged again because part of them was there already")
                .register(meters);
    }

    /** One pass over every partition; answers whether a partition had more entries than one batch. */
    @Override
    public boolean run() {
        List<SourceBatch> batches = read();
        applyToTargets(batches);
        applyToSources(batches);
        return batches.stream().anyMatch(read -> read.entries().size() >= batch);
    }

    @Override
    public void failed() {
        // Nothing to reset: the next pass reads every mark again.
    }

    @Override
    public String name() {
        return "derive";
    }

    /** Every partition's entries after its mark, at most a batch each, merged. */
    List<SourceBatch> read() {
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
        List<SourceBatch> batches = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            List<StreamMessage<String, String>> entries = redis.await(reads.get(p));
            if (entries != null && !entries.isEmpty()) {
                batches.add(new SourceBatch(p, from.get(p), entries, merge(p, entries)));
            }
        }
        return batches;
    }

    /**
     * Applies what the batches change in other partitions, one script per target partition, until every
     * target has every entry: a target that already had the start of a segment answers its mark, and that
     * segment is merged again from the entries after it and sent again.
     */
    void applyToTargets(List<SourceBatch> batches) {
        SortedMap<Integer, List<Segment>> segments = new TreeMap<>();
        for (SourceBatch read : batches) {
            read.updates().others().forEach((target, updates) ->
                    add(segments, target, new Segment(read, read.from(), updates)));
        }
        for (SortedMap<Integer, List<Segment>> pending = segments; !pending.isEmpty(); ) {
            pending = applySegments(pending);
        }
    }

    /** Sends every target its segments, pipelined; answers those to send again, merged from after the target's mark. */
    private SortedMap<Integer, List<Segment>> applySegments(SortedMap<Integer, List<Segment>> pending) {
        List<TargetRun> runs = new ArrayList<>(pending.size());
        pending.forEach((target, segments) -> runs.add(TargetRun.send(targetScript, target, segments)));
        SortedMap<Integer, List<Segment>> again = new TreeMap<>();
        for (TargetRun run : runs) {
            List<Object> answer = targetScript.answer(run.reply(), run.keys(), run.args());
            for (int i = 1; i + 1 < answer.size(); i += 2) {
                SourceBatch read = run.segmentFrom(Integer.parseInt(String.valueOf(answer.get(i)))).batch();
                String mark = String.valueOf(answer.get(i + 1));
                ViewUpdates rest = remerge(read, run.target(), mark);
                remerged.increment();
                if (!rest.isEmpty()) {
                    add(again, run.target(), new Segment(read, mark, rest));
                }
            }
        }
        return again;
    }

    private static void add(SortedMap<Integer, List<Segment>> segments, int target, Segment segment) {
        segments.computeIfAbsent(target, t -> new ArrayList<>()).add(segment);
    }

    /** Applies each batch's own updates and moves its partition's mark past it, if no one did first. */
    void applyToSources(List<SourceBatch> batches) {
        List<SourceRun> runs = new ArrayList<>(batches.size());
        for (SourceBatch read : batches) {
            runs.add(SourceRun.send(sourceScript, read));
        }
        for (SourceRun run : runs) {
            if ("ok".equals(sourceScript.outcome(run.reply(), run.keys(), run.args()))) {
                derived.increment(run.entries());
            } else {
                refused.increment();
            }
        }
    }

    private BatchUpdates merge(int partition, List<StreamMessage<String, String>> entries) {
        BatchUpdates updates = new BatchUpdates(partition);
        for (StreamMessage<String, String> entry : entries) {
            deriver.derive(partition, entry.getBody(), updates);
        }
        return updates;
    }

    /** A target's updates from the batch's entries after {@code mark} only. */
    private ViewUpdates remerge(SourceBatch read, int target, String mark) {
        List<StreamMessage<String, String>> after = read.entries().stream()
                .filter(entry -> StreamIds.compare(entry.getId(), mark) > 0)
                .toList();
        return merge(read.partition(), after).in(target);
    }

    /** One source partition's batch: its entries after the mark {@code from}, merged. */
    record SourceBatch(int partition, String from, List<StreamMessage<String, String>> entries, BatchUpdates updates) {

        String last() {
            return entries.get(entries.size() - 1).getId();
        }
    }

    /** A batch's updates of one target partition, covering the batch's entries after {@code after}. */
    private record Segment(SourceBatch batch, String after, ViewUpdates updates) {
    }

    /** One target partition's segments on their way to Redis. */
    private record TargetRun(int target, List<Segment> segments, RedisFuture<List<Object>> reply, String[] keys,
                             String[] args) {

        static TargetRun send(DeriveScript script, int target, List<Segment> segments) {
            ScriptKeys keys = new ScriptKeys(RedisKeys.derivedMark(target));
            List<String> args = new ArrayList<>();
            for (Segment segment : segments) {
                List<String> operations = segment.updates().operations(keys);
                args.add(Integer.toString(segment.batch().partition()));
                args.add(segment.after());
                args.add(segment.batch().last());
                args.add(Integer.toString(operations.size() / 4));
                args.addAll(operations);
            }
            String[] keyArray = keys.toArray();
            String[] argArray = args.toArray(String[]::new);
            return new TargetRun(target, segments, script.send(keyArray, argArray), keyArray, argArray);
        }

        Segment segmentFrom(int source) {
            return segments.stream().filter(segment -> segment.batch().partition() == source).findFirst()
                    .orElseThrow(() -> new IllegalStateException("partition " + target
                            + " answered a segment from partition " + source + " it was not sent"));
        }
    }

    /** One source partition's own updates and mark on their way to Redis. */
    private record SourceRun(RedisFuture<List<Object>> reply, String[] keys, String[] args, int entries) {

        static SourceRun send(DeriveScript script, SourceBatch read) {
            ScriptKeys keys = new ScriptKeys(RedisKeys.derivedMark(read.partition()));
            List<String> args = new ArrayList<>();
            args.add(read.from());
            args.add(read.last());
            args.addAll(read.updates().own().operations(keys));
            String[] keyArray = keys.toArray();
            String[] argArray = args.toArray(String[]::new);
            return new SourceRun(script.send(keyArray, argArray), keyArray, argArray, read.entries().size());
        }
    }
}
