package dev.gavel.processor.closing;

import dev.gavel.contract.MicroTime;
import dev.gavel.contract.RedisKeys;
import dev.gavel.processor.Pass;
import dev.gavel.processor.stream.RedisConnection;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Closes the items whose {@code closes_at} has passed (docs/redis-layout.md, "Closing (the processor)").
 * Per pass: every partition's closing schedule up to the cut-off ({@code ZRANGEBYSCORE}, pipelined), then
 * one {@code lua/close.lua} per due item, pipelined too, each re-reading its item and deciding in one
 * atomic step. The schedule is only a hint of when to look: the item hash's {@code closes_at_us} decides,
 * so an extension that moved it later after the schedule was read puts the item back at its new time
 * instead of closing it, and the item's {@code closed_event} makes the event appear once whatever runs
 * the script how often.
 *
 * <p>The cut-off is this process's clock minus a grace: a bid's time is taken when it reaches the
 * acceptor, a moment before its script runs in Redis, so an item is closed only once a bid that arrived
 * just before its {@code closes_at} has had time to be recorded (and to extend it under a soft close).
 */
public final class ClosePass implements Pass {

    /** Called before each item's script is sent (a test stops a "killed" processor there). */
    public interface Checkpoint {
        Checkpoint NONE = (partition, item) -> { };

        void beforeClose(int partition, String item);
    }

    private static final Logger LOG = LoggerFactory.getLogger(ClosePass.class);

    private final RedisConnection redis;
    private final RedisKeys keys;
    private final int partitions;
    private final int batch;
    private final long graceMicros;
    private final Clock clock;
    private final Checkpoint checkpoint;
    private final CloseScript script;
    private final Counter closed;
    private final Counter rescheduled;
    private final Timer delay;

    public ClosePass(RedisConnection redis, RedisKeys keys, int batch, Duration grace, Clock clock, Checkpoint checkpoint,
                     MeterRegistry meters) {
        this.redis = redis;
        this.keys = keys;
        this.partitions = keys.partitions();
        this.batch = batch;
        this.graceMicros = TimeUnit.NANOSECONDS.toMicros(grace.toNanos());
        this.clock = clock;
        this.checkpoint = checkpoint;
        this.script = new CloseScript(redis);
        this.closed = Counter.builder("gavel.items.closed")
                .description("items whose item_closed event this process appended").register(meters);
        this.rescheduled = Counter.builder("gavel.items.close.rescheduled")
                .description("due items found extended (closes_at moved later) and put back in the schedule at their new time")
                .register(meters);
        this.delay = Timer.builder("gavel.items.close.delay")
                .description("from an item's closes_at to its item_closed event, as appended by this process; the contract allows 1 s")
                .register(meters);
    }

    /** One pass over every partition; answers whether a partition had more due items than one batch. */
    @Override
    public boolean run() {
        long cutoff = MicroTime.toMicros(clock.instant()) - graceMicros;
        RedisClusterAsyncCommands<String, String> async = redis.async();
        Range<Long> due = Range.from(Range.Boundary.unbounded(), Range.Boundary.including(cutoff));
        List<RedisFuture<List<String>>> schedules = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            schedules.add(async.zrangebyscore(RedisKeys.closing(p), due, Limit.create(0, batch)));
        }
        boolean full = false;
        List<Closing> closing = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            List<String> items = redis.await(schedules.get(p));
            full |= items.size() >= batch;
            for (String item : items) {
                if (keys.partitionOf(item) != p) {
                    misplaced(p, item);
                    continue;
                }
                checkpoint.beforeClose(p, item);
                closing.add(Closing.send(script, keys, p, item, cutoff));
            }
        }
        for (Closing item : closing) {
            List<Object> answer = script.outcome(item.reply, item.keys, item.args);
            String outcome = String.valueOf(answer.get(0));
            if ("closed".equals(outcome)) {
                closed.increment();
                long closesAt = Long.parseLong(String.valueOf(answer.get(2)));
                delay.record(Math.max(0, MicroTime.toMicros(clock.instant()) - closesAt), TimeUnit.MICROSECONDS);
            } else if ("moved".equals(outcome)) {
                rescheduled.increment();
            }
        }
        return full;
    }

    /**
     * An item in another partition's schedule (a writer's bug): its hash is in another slot, so the script
     * cannot run for it there; it is dropped from this schedule rather than failing every pass.
     */
    private void misplaced(int partition, String item) {
        LOG.warn("item {} is in the closing schedule of partition {}, not its own ({}); removed from it", item, partition,
                keys.partitionOf(item));
        redis.sync().zrem(RedisKeys.closing(partition), item);
    }

    @Override
    public void failed() {
        // Nothing to reset: the next pass reads the schedules again, and a close already made is found made.
    }

    @Override
    public String name() {
        return "close";
    }

    /** One item's close on its way to Redis. */
    private record Closing(RedisFuture<List<Object>> reply, String[] keys, String[] args) {

        static Closing send(CloseScript script, RedisKeys keys, int partition, String item, long cutoff) {
            String[] keyArray = {keys.item(item), RedisKeys.closing(partition), RedisKeys.events(partition)};
            String[] argArray = {item, Long.toString(cutoff)};
            return new Closing(script.send(keyArray, argArray), keyArray, argArray);
        }
    }
}
