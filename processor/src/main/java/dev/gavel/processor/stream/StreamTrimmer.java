package dev.gavel.processor.stream;

import dev.gavel.contract.RedisKeys;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.XTrimArgs;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.models.stream.PendingMessages;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Removes from each partition stream what is done: acknowledged by the group (archived) and below the
 * derived-views mark (derived), so the streams hold only what is not yet applied. Per partition, the
 * group's last-delivered id is read first, then the pending summary and the mark (pipelined on one
 * connection, so in that order): with nothing pending, every entry up to that id was delivered and
 * acknowledged; otherwise everything below the lowest pending entry was. Entries delivered in between are
 * newer than the id read, so they are never removed. A partition with no mark yet is not trimmed.
 *
 * <p>Nor is an entry younger than {@code keep} (GAVEL_STREAM_KEEP_SECONDS) removed, done or not: query-api's live
 * streams read the partition streams with plain XREADs from where they left off, in no consumer group, so nothing
 * here knows how far they got. Trimmed as soon as the processor was done, an entry the live reader had not polled
 * yet was gone before it looked, and its event never reached any subscriber (2 probe bids of 1,500 in a
 * benchmark run). Entry ids are Redis's milliseconds; {@code clock} is this host's, which NTP keeps far closer to
 * Redis's than the few seconds kept.
 */
public final class StreamTrimmer {

    private final RedisConnection redis;
    private final int partitions;
    private final Duration keep;
    private final Clock clock;

    public StreamTrimmer(RedisConnection redis, int partitions, Duration keep, Clock clock) {
        this.redis = redis;
        this.partitions = partitions;
        this.keep = keep;
        this.clock = clock;
    }

    public void trim() {
        RedisClusterAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<List<Object>>> groups = new ArrayList<>(partitions);
        List<RedisFuture<PendingMessages>> pendings = new ArrayList<>(partitions);
        List<RedisFuture<String>> marks = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            groups.add(async.xinfoGroups(RedisKeys.events(p)));
            pendings.add(async.xpending(RedisKeys.events(p), ConsumerGroup.GROUP));
            marks.add(async.hget(RedisKeys.derivedMark(p), "applied"));
        }
        String kept = (clock.millis() - keep.toMillis()) + "-0";
        List<RedisFuture<Long>> trims = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            String lastDelivered = lastDeliveredId(redis.await(groups.get(p)));
            PendingMessages pending = redis.await(pendings.get(p));
            String derived = redis.await(marks.get(p));
            if (lastDelivered == null || derived == null) {
                continue;
            }
            String archivedBelow = pending.getCount() > 0
                    ? pending.getMessageIds().getLower().getValue()
                    : StreamIds.after(lastDelivered);
            String derivedBelow = StreamIds.after(derived);
            String minId = earliest(earliest(archivedBelow, derivedBelow), kept);
            trims.add(async.xtrim(RedisKeys.events(p), XTrimArgs.Builder.minId(minId)));
        }
        trims.forEach(redis::await);
    }

    private static String earliest(String a, String b) {
        return StreamIds.compare(a, b) <= 0 ? a : b;
    }

    /** The group's {@code last-delivered-id} from an XINFO GROUPS reply. */
    static String lastDeliveredId(List<Object> reply) {
        Map<String, String> group = XInfo.archiver(reply);
        return group == null ? null : group.get("last-delivered-id");
    }
}
