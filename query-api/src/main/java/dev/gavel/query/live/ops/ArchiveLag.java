package dev.gavel.query.live.ops;

import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.StreamEntry;
import dev.gavel.query.GavelConfig;
import dev.gavel.query.store.RedisStore;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.models.stream.PendingMessages;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

/**
 * How far the archive (the processors' consumer group {@value StreamEntry#ARCHIVER_GROUP}) is behind: the age of
 * the oldest entry of any partition stream that the group has not acknowledged, 0 when it has acknowledged every
 * entry. Per partition, read without waiting: the group's last-delivered id (XINFO GROUPS) and its pending summary
 * (XPENDING), sent together; the oldest pending entry is the answer when there is one, else the first entry after
 * the last-delivered id (XRANGE); with no group yet, the stream's first entry. Each partition's keys share one
 * hash slot, so on a Redis Cluster the client routes each partition's commands to its primary.
 */
@Singleton
public class ArchiveLag {

    private final RedisStore redis;
    private final int partitions;

    public ArchiveLag(RedisStore redis, GavelConfig config) {
        this.redis = redis;
        this.partitions = config.getPartitions();
    }

    /** Completes with the lag in seconds (ms precision), or fails when Redis does not answer in time. */
    public CompletableFuture<Double> seconds() {
        RedisClusterAsyncCommands<String, String> async;
        try {
            async = redis.async();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        List<CompletableFuture<Optional<String>>> oldest = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            oldest.add(oldestUnarchived(async, RedisKeys.events(p)));
        }
        return CompletableFuture.allOf(oldest.toArray(CompletableFuture[]::new))
                .orTimeout(redis.timeout().toMillis() * 2, TimeUnit.MILLISECONDS)
                .thenApply(done -> {
                    long oldestMillis = oldest.stream().map(CompletableFuture::join).flatMap(Optional::stream)
                            .mapToLong(StreamEntry::millisOf).min().orElse(Long.MAX_VALUE);
                    return oldestMillis == Long.MAX_VALUE ? 0.0
                            : Math.max(0, System.currentTimeMillis() - oldestMillis) / 1000.0;
                });
    }

    private static CompletableFuture<Optional<String>> oldestUnarchived(RedisClusterAsyncCommands<String, String> async,
                                                                         String stream) {
        CompletableFuture<List<Object>> groups = async.xinfoGroups(stream).toCompletableFuture();
        CompletableFuture<PendingMessages> pending = async.xpending(stream, StreamEntry.ARCHIVER_GROUP).toCompletableFuture();
        return groups.handle((reply, failure) -> {
            if (failure != null) {
                if (noSuchStream(failure)) {
                    return CompletableFuture.completedFuture(Optional.<String>empty());
                }
                return CompletableFuture.<Optional<String>>failedFuture(failure);
            }
            String lastDelivered = XInfoGroups.lastDeliveredId(reply, StreamEntry.ARCHIVER_GROUP);
            if (lastDelivered == null) {
                return first(async, stream, Range.unbounded());
            }
            return pending.thenCompose(summary -> summary.getCount() > 0
                    ? CompletableFuture.completedFuture(Optional.of(summary.getMessageIds().getLower().getValue()))
                    : first(async, stream, Range.from(Range.Boundary.excluding(lastDelivered), Range.Boundary.unbounded())));
        }).thenCompose(next -> next);
    }

    private static CompletableFuture<Optional<String>> first(RedisClusterAsyncCommands<String, String> async,
                                                             String stream, Range<String> range) {
        return async.xrange(stream, range, Limit.create(0, 1)).toCompletableFuture()
                .thenApply(entries -> entries == null || entries.isEmpty()
                        ? Optional.<String>empty()
                        : Optional.of(entries.get(0)).map(StreamMessage::getId));
    }

    /** XINFO GROUPS on a stream nobody has written to yet: nothing there to archive. */
    private static boolean noSuchStream(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return cause instanceof RedisCommandExecutionException && String.valueOf(cause.getMessage()).contains("no such key");
    }
}
