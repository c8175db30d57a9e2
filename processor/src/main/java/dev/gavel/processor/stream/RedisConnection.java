package dev.gavel.processor.stream;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The processor's one Redis connection. Commands sent together on it are pipelined: the loop sends one
 * command per partition, then awaits them all. It connects on first use and reconnects by itself; while
 * disconnected it rejects commands, so a pass fails fast and is retried instead of queueing.
 */
public final class RedisConnection implements AutoCloseable {

    private final Duration timeout;
    private final RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    public RedisConnection(String url, Duration timeout) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        this.timeout = timeout;
        this.client = RedisClient.create(uri);
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

    /**
     * A pipelined reply: Lettuce's command timeout fails it first; twice that is the backstop for a reply
     * that never completes (Lettuce then cancels the command). Failures stay Lettuce's RedisExceptions.
     */
    public <T> T await(RedisFuture<T> reply) {
        return LettuceFutures.awaitOrCancel(reply, timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    }

    /** Only the loop and the health check use it, so one lock is no contention. */
    private synchronized StatefulRedisConnection<String, String> connection() {
        if (connection == null) {
            connection = client.connect();
        }
        return connection;
    }

    @Override
    public synchronized void close() {
        if (connection != null) {
            connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
