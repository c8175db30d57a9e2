package dev.gavel.acceptor.store;

import io.vertx.core.Completable;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A few long-lived Redis connections used in turn, each pipelined: concurrent commands share one
 * connection's round trips instead of each leasing a pooled connection (which costs a pool lookup per
 * command and gives no pipelining). Concurrent commands on a slot with no connection share one connect
 * attempt; while Redis is away, the connect attempt fails and the command with it.
 *
 * <p>A connection is dropped, and the next command on its slot opens a new one, when it fails or
 * closes, and also when it has answered nothing for a whole Redis timeout while commands waited on it
 * (a connect attempt too): a peer gone without a reset (a network blackhole) would otherwise hold the
 * slot until TCP gives up, many minutes of 503s. So the acceptor recovers by itself as soon as Redis
 * is reachable again. The silence is checked when the next command takes the slot, which costs no
 * timer per command; {@link RedisStore} bounds the commands themselves. Commands still in flight on a
 * dropped connection fail, and their callers have answered 504 outcome_unknown already (Redis may
 * have run them; an Idempotency-Key makes the retry safe). A command
 * that is slow but answered within the timeout (or a busy connection that keeps answering) drops nothing;
 * a blocking command (BLPOP) would look silent, and none is sent here.
 *
 * <p>Each slot has a client of its own holding its one connection, and dropping a connection closes
 * that client: closing a pooled connection only hands it back to its pool, which would give the same
 * silent connection to the next connect.
 */
public final class PipelinedRedis implements Redis {

    private static final Logger LOG = LoggerFactory.getLogger(PipelinedRedis.class);

    private final Supplier<Redis> clients;
    private final long timeoutNanos;
    private final Link[] slots;
    private int next;

    /**
     * {@code clients} makes a client for one connection; a connection that has answered nothing for
     * {@code timeoutMs} while commands waited on it is dropped.
     */
    public PipelinedRedis(Supplier<Redis> clients, int connections, long timeoutMs) {
        this.clients = Objects.requireNonNull(clients, "clients");
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be at least 1, got " + connections);
        }
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("timeoutMs must be positive, got " + timeoutMs);
        }
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        this.slots = new Link[connections];
    }

    @Override
    public Future<Response> send(Request request) {
        return send(request, () -> { });
    }

    /**
     * Sends one command; {@code onSent} runs the moment it is written to a connection. Until then Redis
     * cannot have it: a connect attempt that fails fails the command with {@link StoreUnavailableException}.
     */
    public Future<Response> send(Request request, Runnable onSent) {
        Link link = link();
        Future<RedisConnection> connection = link.connection;
        Future<Response> reply = connection.succeeded()
                ? sendOn(connection.result(), request, onSent)
                : connection.transform(open -> open.succeeded()
                        ? sendOn(open.result(), request, onSent)
                        : Future.failedFuture(new StoreUnavailableException("redis is unreachable", open.cause())));
        reply.onComplete(link);
        return reply;
    }

    /**
     * Sends the requests back to back on one connection, so that Redis takes them in this order with nothing
     * of another caller between them (ASKING before a redirected command, WAIT behind a write). {@code onSent}
     * runs the moment they are written. Each request's reply, in order; a connect attempt that fails fails
     * them all with {@link StoreUnavailableException}.
     */
    public List<Future<Response>> sendAll(List<Request> requests, Runnable onSent) {
        Link link = link();
        Future<RedisConnection> connection = link.connection;
        List<Future<Response>> replies = new ArrayList<>(requests.size());
        if (connection.succeeded()) {
            onSent.run();
            for (Request request : requests) {
                replies.add(connection.result().send(request));
            }
        } else {
            List<Promise<Response>> pending = new ArrayList<>(requests.size());
            for (int i = 0; i < requests.size(); i++) {
                Promise<Response> reply = Promise.promise();
                pending.add(reply);
                replies.add(reply.future());
            }
            connection.onComplete((open, failure) -> {
                if (failure != null) {
                    StoreUnavailableException unreachable = new StoreUnavailableException("redis is unreachable", failure);
                    pending.forEach(reply -> reply.fail(unreachable));
                    return;
                }
                onSent.run();
                for (int i = 0; i < requests.size(); i++) {
                    open.send(requests.get(i)).onComplete(pending.get(i));
                }
            });
        }
        Future.join(replies).onComplete(link);
        return replies;
    }

    private static Future<Response> sendOn(RedisConnection connection, Request request, Runnable onSent) {
        onSent.run();
        return connection.send(request);
    }

    @Override
    public Future<List<Response>> batch(List<Request> requests) {
        Link link = link();
        Future<List<Response>> replies = link.connection.compose(open -> open.batch(requests));
        replies.onComplete(link);
        return replies;
    }

    /** The connections are shared by every caller, so none is handed out to be owned and closed. */
    @Override
    public Future<RedisConnection> connect() {
        return Future.failedFuture(new UnsupportedOperationException("PipelinedRedis shares its connections; use send"));
    }

    /**
     * The next slot's link, counting one more command waiting on it: a new one when the slot has none,
     * its last connect attempt failed, or its connection has gone silent.
     */
    private synchronized Link link() {
        int slot = next;
        next = (next + 1) % slots.length;
        long now = System.nanoTime();
        Link current = slots[slot];
        if (current != null && current.waiting > 0 && now - current.quietSinceNanos >= timeoutNanos) {
            logSilence(current, now);
            drop(current);
            current = null;
        }
        if (current == null) {
            current = new Link(slot, clients.get());
            slots[slot] = current;
        } else if (current.connection.failed()) {
            current = new Link(slot, current.client);
            slots[slot] = current;
        }
        if (current.waiting++ == 0) {
            current.quietSinceNanos = now;
        }
        return current;
    }

    private static void logSilence(Link link, long now) {
        long silentMs = TimeUnit.NANOSECONDS.toMillis(now - link.quietSinceNanos);
        if (link.connection.succeeded()) {
            LOG.warn("a Redis connection answered nothing for {} ms (commands waiting: {}); closing it, the next "
                    + "command opens a new one", silentMs, link.waiting);
        } else {
            // While Redis is unreachable, every connect attempt can end here: the 503s already say so.
            LOG.debug("a Redis connect attempt got no answer for {} ms; abandoning it", silentMs);
        }
    }

    /** Closes the link's client, and so its connection, if its slot still holds it. */
    private synchronized void drop(Link link) {
        if (slots[link.slot] == link) {
            slots[link.slot] = null;
            link.client.close();
        }
    }

    @Override
    public Future<Void> close() {
        List<Future<Void>> closing = new ArrayList<>();
        synchronized (this) {
            for (int i = 0; i < slots.length; i++) {
                if (slots[i] != null) {
                    closing.add(slots[i].client.close());
                    slots[i] = null;
                }
            }
        }
        return Future.join(closing).mapEmpty();
    }

    /** One connect attempt of a slot, and the commands waiting on it; told of every answer. */
    private final class Link implements Completable<Object> {

        private final int slot;
        private final Redis client;
        private final Future<RedisConnection> connection;
        private int waiting;
        /** When the connection last answered, or when it last had no command waiting. */
        private long quietSinceNanos;

        Link(int slot, Redis client) {
            this.slot = slot;
            this.client = client;
            this.connection = client.connect().map(open -> {
                open.exceptionHandler(failure -> drop(this));
                open.endHandler(ended -> drop(this));
                return open;
            });
        }

        @Override
        public void complete(Object result, Throwable failure) {
            synchronized (PipelinedRedis.this) {
                waiting--;
                quietSinceNanos = System.nanoTime();
            }
        }
    }
}
