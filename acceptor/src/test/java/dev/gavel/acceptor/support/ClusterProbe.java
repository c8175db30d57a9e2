package dev.gavel.acceptor.support;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads and writes a Redis Cluster from a test thread through Vert.x's own cluster client (which follows
 * MOVED and ASK by itself): test data in, the acceptor's writes out, wherever their slots are served.
 */
public final class ClusterProbe implements AutoCloseable, TestData.Commands {

    private static final int TRIES = 5;

    private final Vertx vertx;
    private final Redis redis;

    /** {@code nodeUris}: {@code redis://host:port} of the cluster's nodes. */
    public ClusterProbe(List<String> nodeUris) {
        this.vertx = Vertx.vertx();
        RedisOptions options = new RedisOptions().setType(RedisClientType.CLUSTER).setMaxPoolSize(8)
                .setMaxPoolWaiting(1024);
        nodeUris.forEach(options::addConnectionString);
        this.redis = Redis.createClient(vertx, options);
    }

    /**
     * One command; tried up to {@link #TRIES} times, as the client may pick a node a test has killed (it
     * keeps every node it was given) for a command without a key.
     */
    public Response call(String command, String... args) {
        Request request = Request.cmd(Command.create(command));
        for (String arg : args) {
            request.arg(arg);
        }
        for (int tried = 1; ; tried++) {
            try {
                return Await.result(redis.send(request));
            } catch (IllegalStateException failure) {
                if (tried >= TRIES) {
                    throw failure;
                }
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
        }
    }

    @Override
    public void command(String... args) {
        call(args[0], Arrays.copyOfRange(args, 1, args.length));
    }

    public String text(String command, String... args) {
        Response reply = call(command, args);
        return reply == null ? null : reply.toString();
    }

    public List<String> list(String key) {
        List<String> entries = new ArrayList<>();
        for (Response entry : call("LRANGE", key, "0", "-1")) {
            entries.add(entry.toString());
        }
        return entries;
    }

    @Override
    public void close() {
        Await.result(vertx.close());
    }
}
