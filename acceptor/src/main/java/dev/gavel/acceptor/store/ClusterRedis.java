package dev.gavel.acceptor.store;

import dev.gavel.contract.HashSlots;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The primaries of a Redis Cluster, each through its own {@link PipelinedRedis} (so every primary keeps
 * pipelining and the silence detection of one Redis), every command sent to the primary serving its
 * routing key's slot by a slot map read with CLUSTER SLOTS. What the nodes answer is followed only where
 * the command certainly did not run, and within the call's one timeout:
 * <ul>
 *   <li>{@code MOVED}: sent again to the node named (the map is refreshed in the background);</li>
 *   <li>{@code ASK}: sent once to the node named, after ASKING on the same connection; the map stays;</li>
 *   <li>{@code TRYAGAIN} (a multi-key command while its slot moves): sent again after a short pause;</li>
 *   <li>no connection to the primary (refused: a failover may have promoted its replica): the map is
 *       refreshed and the command sent again after a short pause, until the timeout;</li>
 *   <li>{@code NOSCRIPT}: see {@link NodeCalls}, on whichever node answered it;</li>
 *   <li>anything else, {@code CLUSTERDOWN} included, and any failure after the command was written (a
 *       connection reset, no answer), is the caller's to classify as on one Redis.</li>
 * </ul>
 * Refreshes are one at a time, and at most one per {@link #MIN_REFRESH_INTERVAL_MS} unless the map is empty.
 */
public final class ClusterRedis implements RedisNodes {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterRedis.class);
    /** The pause before a command refused with TRYAGAIN, or to an unreachable primary, goes again. */
    static final long RETRY_PAUSE_MS = 25;
    static final long MIN_REFRESH_INTERVAL_MS = 100;
    /** A bound on redirections, should nodes ever disagree in a loop; the timeout bounds the rest. */
    private static final int MAX_ATTEMPTS = 64;

    private final Vertx vertx;
    private final List<String> seeds;
    private final Function<String, PipelinedRedis> connect;
    private final NodeCalls calls;
    private final long timeoutNanos;
    private final Map<String, PipelinedRedis> nodes = new ConcurrentHashMap<>();
    private volatile SlotMap map = SlotMap.EMPTY;
    /** The refresh under way, or null; guarded by this. */
    private Future<SlotMap> refreshing;
    private long lastRefreshNanos;
    private volatile boolean closed;
    /** A read is planned for the end of the interval; guarded by this. */
    private boolean deferred;

    /**
     * {@code seeds}: {@code host:port} of nodes to read the slot map from when the known primaries do not
     * answer; {@code connect} opens the pipelined connections to one {@code host:port}.
     */
    ClusterRedis(Vertx vertx, List<String> seeds, Function<String, PipelinedRedis> connect, NodeCalls calls,
                 long timeoutMs) {
        this.vertx = Objects.requireNonNull(vertx, "vertx");
        this.seeds = List.copyOf(seeds);
        if (this.seeds.isEmpty()) {
            throw new IllegalArgumentException("a cluster needs at least one seed node");
        }
        this.connect = Objects.requireNonNull(connect, "connect");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    }

    @Override
    public Future<Response> send(Request request, String routingKey, Delivery delivery) {
        return route(routingKey, delivery, (node, asking) -> calls.send(node, request, asking, delivery));
    }

    @Override
    public Future<Response> run(Script script, Request evalSha, String routingKey, Delivery delivery) {
        return route(routingKey, delivery, (node, asking) -> calls.run(node, script, evalSha, asking, delivery));
    }

    /** Every primary of the map says {@code cluster_state:ok}; a failure refreshes the map for the next check. */
    @Override
    public Future<Void> health() {
        SlotMap current = map;
        Future<SlotMap> known = current.isEmpty() ? refresh() : Future.succeededFuture(current);
        return known.compose(slots -> {
            List<Future<Void>> checks = new ArrayList<>();
            for (String primary : slots.primaries()) {
                checks.add(node(primary).send(Request.cmd(Command.CLUSTER).arg("INFO")).compose(info ->
                        info != null && info.toString().contains("cluster_state:ok")
                                ? Future.<Void>succeededFuture()
                                : Future.failedFuture(new StoreUnavailableException(
                                        "cluster node " + primary + " says the cluster is not ok", null))));
            }
            return checks.isEmpty()
                    ? Future.<Void>failedFuture(new StoreUnavailableException("the cluster serves no slot", null))
                    : Future.all(checks).<Void>mapEmpty();
        }).onFailure(failure -> refresh());
    }

    @Override
    public Future<Void> close() {
        closed = true;
        List<Future<Void>> closing = new ArrayList<>();
        nodes.values().forEach(node -> closing.add(node.close()));
        nodes.clear();
        return Future.join(closing).mapEmpty();
    }

    private Future<Response> route(String routingKey, Delivery delivery, Call call) {
        int slot = routingKey == null ? -1 : HashSlots.slot(routingKey);
        return attempt(new Attempt(slot, call, delivery, System.nanoTime() + timeoutNanos), null, 1);
    }

    private Future<Response> attempt(Attempt attempt, Redirection redirected, int count) {
        if (closed) {
            return Future.failedFuture(new StoreUnavailableException("the Redis client is closed", null));
        }
        if (redirected != null) {
            return sendTo(attempt, redirected.address(), redirected.ask(), count);
        }
        String owner = map.owner(attempt.slot);
        if (owner != null) {
            return sendTo(attempt, owner, false, count);
        }
        // No map yet (the first command), or a slot no node served when it was read: read it.
        return refresh().compose(slots -> {
            String refreshed = slots.owner(attempt.slot);
            return refreshed != null ? sendTo(attempt, refreshed, false, count)
                    : Future.failedFuture(new StoreUnavailableException("no cluster node serves slot " + attempt.slot, null));
        });
    }

    private Future<Response> sendTo(Attempt attempt, String target, boolean asking, int count) {
        return attempt.call.on(node(target), asking).recover(failure -> {
            boolean unreachable = failure instanceof StoreUnavailableException || failure instanceof ClosedChannelException;
            if (unreachable || RedisStore.isErrorReply(failure, "CONNECTION_CLOSED")
                    || RedisStore.isErrorReply(failure, "CLUSTERDOWN")) {
                // The primary may be gone (or frozen) and its replica promoted: read the map even when this
                // call is over (a connect that hung for the whole timeout), or the next ones go there again.
                refresh();
            }
            if (count >= MAX_ATTEMPTS || System.nanoTime() - attempt.deadlineNanos >= 0) {
                return Future.failedFuture(failure);
            }
            Optional<Redirection> redirection = Redirection.of(failure, host(target));
            if (redirection.isPresent()) {
                attempt.delivery.notRun();
                if (!redirection.get().ask()) {
                    refresh();
                }
                return attempt(attempt, redirection.get(), count + 1);
            }
            if (RedisStore.isErrorReply(failure, "TRYAGAIN")) {
                attempt.delivery.notRun();
                return later(() -> attempt(attempt, null, count + 1));
            }
            if (unreachable) {
                // Nothing left for this primary: send it again once the map is read again.
                attempt.delivery.notRun();
                return later(() -> refresh().transform(refreshed -> attempt(attempt, null, count + 1)));
            }
            return Future.failedFuture(failure);
        });
    }

    private <T> Future<T> later(Supplier<Future<T>> next) {
        Promise<T> promise = Promise.promise();
        vertx.setTimer(RETRY_PAUSE_MS, timer -> next.get().onComplete(promise));
        return promise.future();
    }

    /** Reads the slot map again unless a read is under way (then that one) or one ended just now. */
    synchronized Future<SlotMap> refresh() {
        if (refreshing != null) {
            return refreshing;
        }
        if (closed) {
            return Future.failedFuture(new StoreUnavailableException("the Redis client is closed", null));
        }
        long now = System.nanoTime();
        SlotMap current = map;
        long waitNanos = lastRefreshNanos + TimeUnit.MILLISECONDS.toNanos(MIN_REFRESH_INTERVAL_MS) - now;
        if (!current.isEmpty() && waitNanos > 0) {
            // Too soon after the last one: one more read once the interval is over, so a map that changed
            // just after it (a slot moved) is not left stale until the next redirection.
            if (!deferred) {
                deferred = true;
                vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)), timer -> {
                    synchronized (this) {
                        deferred = false;
                    }
                    refresh();
                });
            }
            return Future.succeededFuture(current);
        }
        lastRefreshNanos = now;
        Set<String> candidates = new LinkedHashSet<>(current.primaries());
        candidates.addAll(seeds);
        Promise<SlotMap> read = Promise.promise();
        refreshing = read.future();
        readFrom(new ArrayList<>(candidates), 0, null).onComplete((slots, failure) -> {
            synchronized (this) {
                refreshing = null;
                lastRefreshNanos = System.nanoTime();
                if (slots != null) {
                    logChange(map, slots);
                    map = slots;
                }
            }
            if (failure != null) {
                read.fail(failure);
            } else {
                read.complete(slots);
            }
        });
        return refreshing;
    }

    /** CLUSTER SLOTS from the first of the nodes that answers with a map serving some slot. */
    private Future<SlotMap> readFrom(List<String> candidates, int index, Throwable last) {
        if (index >= candidates.size()) {
            return Future.failedFuture(new StoreUnavailableException("no node of the Redis Cluster told its slots", last));
        }
        String address = candidates.get(index);
        return node(address).send(Request.cmd(Command.CLUSTER).arg("SLOTS"))
                .timeout(timeoutNanos, TimeUnit.NANOSECONDS)
                .map(reply -> SlotMap.parse(reply, host(address)))
                .compose(slots -> slots.isEmpty()
                        ? Future.failedFuture(new StoreUnavailableException(address + " serves no slot", null))
                        : Future.succeededFuture(slots))
                .recover(failure -> readFrom(candidates, index + 1, failure));
    }

    private static void logChange(SlotMap before, SlotMap after) {
        if (!before.primaries().equals(after.primaries())) {
            LOG.info("Redis Cluster primaries: {}", after.primaries());
        }
    }

    private PipelinedRedis node(String address) {
        return nodes.computeIfAbsent(address, connect);
    }

    private static String host(String address) {
        return address.substring(0, address.lastIndexOf(':'));
    }

    /** One try of a call on one node; {@code asking}: after ASKING, as an ASK redirection demands. */
    @FunctionalInterface
    private interface Call {
        Future<Response> on(PipelinedRedis node, boolean asking);
    }

    private record Attempt(int slot, Call call, Delivery delivery, long deadlineNanos) {
    }
}
