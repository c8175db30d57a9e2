package dev.gavel.acceptor.store;

import dev.gavel.acceptor.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.nio.channels.ClosedChannelException;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every Redis call of the acceptor goes through here, bounded by the configured timeout, and every
 * failure says what became of the call, as the contract's errors need:
 * <ul>
 *   <li>{@link StoreUnavailableException} (503): certainly nothing recorded. The command never left
 *       (no connection, the connect failed or timed out), Redis refused it without running it (LOADING,
 *       BUSY: another script is running too long, MASTERDOWN, CLUSTERDOWN, TRYAGAIN, OOM, READONLY), or it
 *       was a {@link #read read}, which records nothing whatever happened to it;</li>
 *   <li>{@link StoreOutcomeUnknownException} (504): a write left for Redis and no answer came within
 *       the timeout, or its connection closed while it was in flight: Redis may have run it;</li>
 *   <li>{@link RedisCommandFailedException} (500): any other error reply, such as a script error. The
 *       first one per command and error code is logged; every one is counted.</li>
 * </ul>
 */
public final class RedisStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisStore.class);
    /**
     * Error replies by which Redis refuses a command without running it. A cluster's MOVED and ASK end up
     * here only when following them did not settle within the timeout (nodes disagreeing on a slot).
     */
    private static final Set<String> REFUSED_UNRUN = Set.of("LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN",
            "CLUSTERDOWN", "OOM", "READONLY", "NOREPLICAS", "MOVED", "ASK");
    /** The client's own reply for a command in flight when its connection closed (a kill -9 of Redis). */
    private static final String CONNECTION_CLOSED = "CONNECTION_CLOSED";

    private final RedisNodes redis;
    private final long timeoutMs;
    private final Metrics metrics;
    private final Set<String> loggedErrors = ConcurrentHashMap.newKeySet();

    public RedisStore(PipelinedRedis redis, long timeoutMs) {
        this(SingleRedis.of(redis), timeoutMs, new Metrics());
    }

    public RedisStore(PipelinedRedis redis, long timeoutMs, Metrics metrics) {
        this(SingleRedis.of(redis), timeoutMs, metrics);
    }

    public RedisStore(RedisNodes redis, long timeoutMs, Metrics metrics) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("timeoutMs must be positive");
        }
        this.timeoutMs = timeoutMs;
    }

    /** A command that records nothing (a lookup, PING): any failure to get its answer is a 503. */
    public Future<Response> read(Request request) {
        return read(request, null);
    }

    /** A read of {@code routingKey} (the first key it names; a cluster sends it to the primary serving it). */
    public Future<Response> read(Request request, String routingKey) {
        String command = request.command().toString();
        Sender sender = new Sender();
        return sender.send(request, routingKey).timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .recover(failure -> Future.failedFuture(classify(command, failure, false)));
    }

    /** Succeeds when Redis answers: one Redis its PING, every primary of a cluster that the cluster is ok. */
    public Future<Void> health() {
        return redis.health().timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .recover(failure -> Future.failedFuture(classify("health", failure, false)));
    }

    /**
     * One write: the commands {@code calls} sends through the given {@link Sender} (such as EVALSHA, then
     * SCRIPT LOAD and EVALSHA again), bounded by one timeout as a whole. {@code name} names it in logs
     * and metrics. A failure is 504 when the command awaiting its answer at that moment had left for Redis;
     * once it is answered, the call's remaining steps send nothing more ({@link Delivery#abandon()}).
     */
    public <T> Future<T> write(String name, Function<Sender, Future<T>> calls) {
        Sender sender = new Sender();
        return calls.apply(sender).timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .recover(failure -> Future.failedFuture(classify(name, failure, sender.delivery.abandon())));
    }

    public Future<Void> close() {
        return redis.close();
    }

    /** True when the failure is an error reply from Redis starting with the given code, e.g. NOSCRIPT. */
    public static boolean isErrorReply(Throwable failure, String code) {
        return failure instanceof Response reply && reply.type() == ResponseType.ERROR
                && failure.getMessage() != null && failure.getMessage().startsWith(code);
    }

    /**
     * What a failure means. {@code sent}: the command whose answer was awaited had been written to a
     * connection (for a read it does not matter: a read records nothing).
     */
    Throwable classify(String command, Throwable failure, boolean sent) {
        if (failure instanceof StoreUnavailableException || failure instanceof StoreOutcomeUnknownException
                || failure instanceof RedisCommandFailedException) {
            return failure;
        }
        if (failure instanceof Response reply && reply.type() == ResponseType.ERROR) {
            String code = errorCode(failure.getMessage());
            if (REFUSED_UNRUN.contains(code)) {
                return new StoreUnavailableException("redis refused " + command + ": " + code, failure);
            }
            if (!CONNECTION_CLOSED.equals(code)) {
                return commandFailed(command, code, failure.getMessage());
            }
        }
        // A write to a connection already closed fails before any byte leaves: Redis cannot have it.
        return sent && !(failure instanceof ClosedChannelException)
                ? new StoreOutcomeUnknownException("redis did not answer " + command + " in time", failure)
                : new StoreUnavailableException("redis is unreachable", failure);
    }

    private RedisCommandFailedException commandFailed(String command, String code, String reply) {
        metrics.redisErrorReply(command, code);
        if (loggedErrors.add(command + ' ' + code)) {
            LOG.error("redis answered {} with an error (logged once per command and error code; "
                    + "gavel_redis_error_replies_total counts them): {}", command, reply);
        }
        return new RedisCommandFailedException(command, code, reply);
    }

    private static String errorCode(String message) {
        String text = message == null ? "" : message;
        int space = text.indexOf(' ');
        return (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
    }

    /**
     * Sends the commands of one call and knows whether the one awaiting its answer may have run (its
     * {@link Delivery}). The calls of one request run on its event loop, one after the other.
     */
    public final class Sender {

        private final Delivery delivery = new Delivery();

        private Sender() {
        }

        /** A command without a routing key: on a cluster, any primary. */
        public Future<Response> send(Request request) {
            return send(request, null);
        }

        /** A command whose first key is {@code routingKey}. */
        public Future<Response> send(Request request, String routingKey) {
            long startNanos = System.nanoTime();
            delivery.notRun();
            return redis.send(request, routingKey, delivery)
                    .andThen((result, failure) -> metrics.redisCall(System.nanoTime() - startNanos, failure != null));
        }

        /** A write script ({@code evalSha} runs it) whose first key is {@code routingKey}: see {@link RedisNodes#run}. */
        public Future<Response> run(Script script, Request evalSha, String routingKey) {
            long startNanos = System.nanoTime();
            delivery.notRun();
            return redis.run(script, evalSha, routingKey, delivery)
                    .andThen((result, failure) -> metrics.redisCall(System.nanoTime() - startNanos, failure != null));
        }
    }
}
