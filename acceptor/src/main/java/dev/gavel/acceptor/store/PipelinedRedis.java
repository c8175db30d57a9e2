package dev.gavel.acceptor.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A few long-lived Redis connections used in turn, each pipelined: concurrent commands share one
 * connection's round trips instead of each leasing a pooled connection (which costs a pool lookup per
 * command and gives no pipelining). A connection that fails or closes is dropped and the next command
 * on its slot opens a new one, so the acceptor recovers by itself when Redis comes back; while Redis
 * is away, the connect attempt fails and the command with it. Concurrent commands on a slot with no
 * connection share one connect attempt.
 */
public final class PipelinedRedis implements Redis {

    private final Redis connector;
    private final List<Future<RedisConnection>> slots;
    private int next;

    /** {@code connector} opens the connections (a pooled client of at least {@code connections}). */
    public PipelinedRedis(Redis connector, int connections) {
        this.connector = Objects.requireNonNull(connector, "connector");
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, got " + connections);
        }
        this.slots = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            slots.add(null);
        }
    }

    @Override
    public Future<Response> send(Request request) {
        Future<RedisConnection> connection = connection();
        if (connection.succeeded()) {
            return connection.result().send(request);
        }
        return connection.compose(open -> open.send(request));
    }

    @Override
    public Future<List<Response>> batch(List<Request> requests) {
        return connection().compose(open -> open.batch(requests));
    }

    /** The connections are shared by every caller, so none is handed out to be owned and closed. */
    @Override
    public Future<RedisConnection> connect() {
        return Future.failedFuture(new UnsupportedOperationException("PipelinedRedis shares its connections; use send"));
    }

    /** The next slot's connection, opening it when the slot has none or its last attempt failed. */
    private synchronized Future<RedisConnection> connection() {
        int slot = next;
        next = (next + 1) % slots.size();
        Future<RedisConnection> current = slots.get(slot);
        if (current != null && !current.failed()) {
            return current;
        }
        Future<RedisConnection> opening = connector.connect().map(connection -> {
            connection.exceptionHandler(failure -> drop(slot, connection));
            connection.endHandler(ended -> drop(slot, connection));
            return connection;
        });
        slots.set(slot, opening);
        return opening;
    }

    private synchronized void drop(int slot, RedisConnection connection) {
        Future<RedisConnection> current = slots.get(slot);
        if (current != null && current.succeeded() && current.result() == connection) {
            slots.set(slot, null);
            connection.close();
        }
    }

    @Override
    public Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < slots.size(); i++) {
                Future<RedisConnection> current = slots.get(i);
                if (current != null && current.succeeded()) {
                    closing.add(current.result().close());
                }
                slots.set(i, null);
            }
        }
        return Future.join(closing).transform(ignored -> connector.close());
    }
}
