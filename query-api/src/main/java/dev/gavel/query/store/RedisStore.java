package dev.gavel.query.store;

import dev.gavel.query.GavelConfig;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Duration;

/**
 * The one Redis connection of this process. Lettuce pipelines concurrent commands on it.
 * It connects on first use, so query-api starts (and reports Redis down on /health) while
 * Redis is away; once connected it reconnects by itself and rejects commands while
 * disconnected, so a request fails fast with 503 instead of queueing.
 */
@Singleton
public class RedisStore implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final RedisClient client;
    private volatile StatefulRedisConnection<String, String> connection;

    public RedisStore(GavelConfig config) {
        RedisURI uri;
        try {
            uri = RedisURI.create(config.getRedisUrl());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GAVEL_REDIS_URL is not a redis:// URL: " + config.getRedisUrl(), e);
        }
        uri.setTimeout(TIMEOUT);
        this.client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled(TIMEOUT))
                .build());
    }

    public RedisCommands<String, String> sync() {
        return connection().sync();
    }

    public RedisAsyncCommands<String, String> async() {
        return connection().async();
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
    }
}
