package dev.gavel.query.support;

import dev.gavel.query.GavelConfig;
import dev.gavel.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import dev.gavel.query.live.PartitionTail;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Another query-api of the shared stack (its MongoDB and home) on a redis-server of its own, which no
 * processor reads: for a test that freezes its Redis, or needs to know every entry in it. Close it after the test.
 */
public final class OwnRedisInstance implements AutoCloseable {

    private final TestStack stack;
    private final RedisServer redisServer;
    private final EmbeddedServer server;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;

    private OwnRedisInstance(TestStack stack, RedisServer redisServer, EmbeddedServer server) {
        this.stack = stack;
        this.redisServer = redisServer;
        this.server = server;
        this.client = RedisClient.create(redisServer.uri());
        this.connection = client.connect();
    }

    public static OwnRedisInstance start(TestStack stack) {
        return start(stack, Map.of());
    }

    /** With these settings besides the instance's own Redis (for example {@code gavel.live.batch}). */
    public static OwnRedisInstance start(TestStack stack, Map<String, Object> settings) {
        RedisServer redis = RedisServer.startFresh();
        Map<String, Object> properties = new HashMap<>(settings);
        properties.put("gavel.redis-url", redis.uri());
        return new OwnRedisInstance(stack, redis, stack.startAnotherInstance(properties));
    }

    /** This instance's own redis-server (its pid for signals). */
    public RedisServer redisServer() {
        return redisServer;
    }

    /** The query-api instance itself. */
    public EmbeddedServer server() {
        return server;
    }

    /** The partitions this instance reads (gavel.partitions). */
    public int partitions() {
        return server.getApplicationContext().getBean(GavelConfig.class).getPartitions();
    }

    /**
     * Has this instance read the partition streams until the hold is closed, as a live subscriber does, and waits
     * until it reads every partition; fails if it does not within 10 s.
     */
    public PartitionTail.Hold holdTail() {
        PartitionTail tail = server.getApplicationContext().getBean(PartitionTail.class);
        PartitionTail.Hold hold = tail.hold();
        if (!tail.awaitReadingAll(Duration.ofSeconds(10))) {
            hold.close();
            throw new IllegalStateException("the tail did not start reading the partitions within 10 s");
        }
        return hold;
    }

    public RedisCommands<String, String> redis() {
        return connection.sync();
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    /** GET from this instance; {@code authorization} may be null. */
    public Response get(String path, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return stack.send(request);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
        server.stop();
        redisServer.close();
    }
}
