package dev.gavel.acceptor.store;

import dev.gavel.acceptor.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Every Redis call of the acceptor goes through here: bounded by the configured timeout, and a
 * transport failure (refused, reset, timeout, Redis still loading) becomes {@link StoreUnavailableException}.
 * An error reply of a command (a bug, such as a script error) stays what it is.
 */
public final class RedisStore {

    /** CONNECTION_CLOSED is the client's own reply for a command in flight when Redis went away (a kill -9). */
    private static final Set<String> TRANSIENT_ERRORS =
            Set.of("LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN", "CONNECTION_CLOSED");

    private final Redis redis;
    private final long timeoutMs;
    private final Metrics metrics;

    public RedisStore(Redis redis, long timeoutMs) {
        this(redis, timeoutMs, new Metrics());
    }

    public RedisStore(Redis redis, long timeoutMs, Metrics metrics) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        if (timeoutMs < 1) {
            throw new IllegalArgumentException("timeoutMs must be positive");
        }
        this.timeoutMs = timeoutMs;
    }

    /** One command, bounded by the timeout and timed for the metrics. */
    public Future<Response> send(Request request) {
        long startNanos = System.nanoTime();
        return bounded(redis.send(request))
                .andThen((result, failure) -> metrics.redisCall(System.nanoTime() - startNanos, failure != null));
    }

    /** Bounds a chain of calls (such as EVALSHA, SCRIPT LOAD, EVALSHA) by one timeout as a whole. */
    public <T> Future<T> bounded(Future<T> calls) {
        return calls.timeout(timeoutMs, TimeUnit.MILLISECONDS)
                .recover(failure -> Future.failedFuture(classify(failure)));
    }

    public Future<Void> close() {
        return redis.close();
    }

    /** True when the failure is an error reply from Redis starting with the given code, e.g. NOSCRIPT. */
    public static boolean isErrorReply(Throwable failure, String code) {
        return failure instanceof Response reply && reply.type() == ResponseType.ERROR
                && failure.getMessage() != null && failure.getMessage().startsWith(code);
    }

    private static Throwable classify(Throwable failure) {
        if (failure instanceof StoreUnavailableException) {
            return failure;
        }
        if (failure instanceof Response reply && reply.type() == ResponseType.ERROR) {
            String message = failure.getMessage() == null ? "" : failure.getMessage();
            int space = message.indexOf(' ');
            String code = space < 0 ? message : message.substring(0, space);
            return TRANSIENT_ERRORS.contains(code) ? new StoreUnavailableException("redis: " + code, failure) : failure;
        }
        return new StoreUnavailableException("redis is unreachable", failure);
    }
}
