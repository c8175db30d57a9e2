package dev.gavel.query.store;

import dev.gavel.query.GavelConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one Redis connection of this process. Lettuce pipelines concurrent commands on it.
 * It connects on first use, so query-api starts (and reports Redis down on /health) while
 * Redis is away; once connected it reconnects by itself and rejects commands while
 * disconnected, so a request fails fast with 503 instead of queueing. Every command's latency is
 * recorded as {@code lettuce_command_completion_seconds} (a histogram per command type).
 */
@Singleton
public class RedisStore implements AutoCloseable {

    private final Duration timeout;
    private final ClientResources resources;
    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;

    public RedisStore(GavelConfig config, MeterRegistry meters) {
        RedisURI uri;
        try {
            uri = RedisURI.create(config.getRedisUrl());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GAVEL_REDIS_URL is not a redis:// URL: " + config.getRedisUrl(), e);
        }
        this.timeout = Duration.ofMillis(config.getRedisTimeoutMs());
        uri.setTimeout(timeout);
        this.resources = DefaultClientResources.builder()
                .commandLatencyRecorder(new MicrometerCommandLatencyRecorder(meters,
                        MicrometerOptions.builder().histogram(true).localDistinction(false).build()))
                .build();
        this.client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .build());
    }

    public RedisCommands<String, String> sync() {
        return connection().sync();
    }

    public RedisAsyncCommands<String, String> async() {
        return connection().async();
    }

    /** GAVEL_REDIS_TIMEOUT_MS: Lettuce fails a command that has not answered by then. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The one way query-api waits for a pipelined reply. Lettuce's own command timeout fails it first;
     * twice that bound is a backstop for a reply that never completes. Every failure stays a
     * RedisException, so StoreFailures can tell 503 (not recorded) from 504 (outcome unknown).
     */
    public <T> T await(RedisFuture<T> reply) {
        return await(reply, timeout.multipliedBy(2));
    }

    /** As {@link #await(RedisFuture)}, with a tighter bound for a caller that promises one. */
    public <T> T await(RedisFuture<T> reply, Duration bound) {
        try {
            return reply.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while waiting for Redis", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new RedisException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("redis did not answer within " + bound.toMillis() + " ms");
        }
    }

    private StatefulRedisConnection<String, String> connection() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (connection == null) {
                connection = client.connect();
            }
            return connection;
        }
    }

    @PreDestroy
    @Override
    public void close() {
        StatefulRedisConnection<String, String> current = connection;
        if (current != null) {
            current.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }
}
