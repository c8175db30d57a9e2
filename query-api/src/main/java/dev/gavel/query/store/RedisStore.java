package dev.gavel.query.store;

import dev.gavel.lettuce.LettuceRedis;
import dev.gavel.lettuce.RedisAccess;
import dev.gavel.query.GavelConfig;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The one Redis connection of this process (one Redis or a cluster, {@link LettuceRedis}): Lettuce pipelines
 * concurrent commands, and reads sent together before any is awaited make one round per primary. It connects
 * on first use, so query-api starts (and reports Redis down on /health) while Redis is away; once connected
 * it reconnects by itself and rejects commands while disconnected, so a request fails fast with 503 instead
 * of queueing. A command that timed out, or whose connection dropped after it was written, is not re-sent:
 * StoreFailures answers 504 for a write. Every command's latency is recorded as
 * {@code lettuce_command_completion_seconds} (a histogram per command type).
 */
@Singleton
public class RedisStore implements RedisAccess, AutoCloseable {

    private final ClientResources resources;
    private final LettuceRedis redis;

    public RedisStore(GavelConfig config, MeterRegistry meters) {
        this.resources = DefaultClientResources.builder()
                .commandLatencyRecorder(new MicrometerCommandLatencyRecorder(meters,
                        MicrometerOptions.builder().histogram(true).localDistinction(false).build()))
                .build();
        try {
            this.redis = new LettuceRedis(config.getRedisUrl(), Duration.ofMillis(config.getRedisTimeoutMs()), resources);
        } catch (IllegalArgumentException e) {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
            throw e;
        }
    }

    public RedisClusterCommands<String, String> sync() {
        return redis.sync();
    }

    @Override
    public RedisClusterAsyncCommands<String, String> async() {
        return redis.async();
    }

    /** GAVEL_REDIS_TIMEOUT_MS: Lettuce fails a command that has not answered by then. */
    @Override
    public Duration timeout() {
        return redis.timeout();
    }

    /**
     * The one way query-api waits for a pipelined reply. Lettuce's own command timeout fails it first;
     * twice that bound is a backstop for a reply that never completes. Every failure stays a
     * RedisException, so StoreFailures can tell 503 (not recorded) from 504 (outcome unknown).
     */
    public <T> T await(RedisFuture<T> reply) {
        return redis.await(reply, redis.timeout().multipliedBy(2));
    }

    /** As {@link #await(RedisFuture)}, with a tighter bound for a caller that promises one. */
    @Override
    public <T> T await(RedisFuture<T> reply, Duration bound) {
        return redis.await(reply, bound);
    }

    /** Whether GAVEL_REDIS_URL names a Redis Cluster. */
    public boolean cluster() {
        return redis.cluster();
    }

    /** A connection of its own to the one Redis, for a blocking command ({@link LettuceRedis#connectDedicated}); the caller closes it. */
    public CompletableFuture<LettuceRedis.Dedicated> connectDedicated() {
        return redis.connectDedicated();
    }

    /** Throws unless Redis answers ({@link LettuceRedis#checkReachable}). */
    public void checkReachable() {
        redis.checkReachable();
    }

    @PreDestroy
    @Override
    public void close() {
        redis.close();
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
