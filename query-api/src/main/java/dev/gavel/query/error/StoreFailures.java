package dev.gavel.query.error;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import dev.gavel.query.store.MongoWriteOutcomes;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides what a store failure means for the client, the contract's way: 503 {@code unavailable} only
 * when nothing can have been recorded (the store was not reached, or the failed call was a read);
 * 504 {@code outcome_unknown} when a write was sent and no answer came in time; 500 {@code internal} for
 * an error reply that is a bug. Error replies are logged once per error code, without a stack trace.
 */
@Singleton
public class StoreFailures {

    /** What became of a write sent to a store. */
    public enum Outcome { NOT_RECORDED, UNKNOWN, ERROR_REPLY }

    static final String OUTCOME_UNKNOWN = "the write was sent to %s but no answer came in time; "
            + "it may have been recorded: send the same request again to find out";
    /** Redis refuses these before running the command: it certainly did nothing. */
    private static final Set<String> REFUSED_UNRUN = Set.of("LOADING", "BUSY", "MASTERDOWN", "CLUSTERDOWN",
            "TRYAGAIN", "OOM", "READONLY", "NOREPLICAS");
    private static final Logger LOG = LoggerFactory.getLogger(StoreFailures.class);

    private final MongoWriteOutcomes mongoWrites;
    private final Set<String> loggedCodes = ConcurrentHashMap.newKeySet();

    public StoreFailures(MongoWriteOutcomes mongoWrites) {
        this.mongoWrites = mongoWrites;
    }

    /** The name of the store that could not be reached, or null when the failure is not an outage. */
    private static String unreachableStore(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RedisException) {
                return "redis";
            }
            if (t instanceof MongoTimeoutException || t instanceof MongoSocketException
                    || t instanceof MongoInterruptedException || t instanceof MongoWriteConcernException) {
                return "mongodb";
            }
        }
        return null;
    }

    /**
     * What became of a Redis command that failed: refused before running or never sent (not recorded),
     * sent with no answer in time or its connection closed while it was in flight (unknown), or an error
     * reply of the command itself.
     */
    public static Outcome redisOutcome(RedisException failure) {
        if (failure instanceof RedisCommandExecutionException reply) {
            return REFUSED_UNRUN.contains(errorCode(reply)) ? Outcome.NOT_RECORDED : Outcome.ERROR_REPLY;
        }
        if (failure instanceof RedisConnectionException || isRejectedWhileDisconnected(failure)) {
            return Outcome.NOT_RECORDED;
        }
        // A timeout (RedisCommandTimeoutException), or a connection that closed under a command written to it.
        return Outcome.UNKNOWN;
    }

    /**
     * The answer to a failed write of the Redis mirror made after MongoDB's write was undone: 503 when
     * Redis certainly did not record it, else 504 (the mirror may hold it; the same request again settles it).
     */
    public static RuntimeException redisWriteFailed(String notRecorded, RuntimeException failure) {
        RedisException redis = find(failure, RedisException.class);
        if (redis == null) {
            return failure;
        }
        return switch (redisOutcome(redis)) {
            case NOT_RECORDED -> ApiException.unavailable(notRecorded, failure);
            case UNKNOWN -> ApiException.outcomeUnknown(String.format(OUTCOME_UNKNOWN, "redis"), failure);
            case ERROR_REPLY -> failure;
        };
    }

    HttpResponse<ErrorBody> respond(HttpRequest<?> request, Throwable failure) {
        boolean read = request.getMethod() == HttpMethod.GET || request.getMethod() == HttpMethod.HEAD;
        RedisException redis = find(failure, RedisException.class);
        if (redis != null) {
            Outcome outcome = redisOutcome(redis);
            if (outcome == Outcome.ERROR_REPLY) {
                return internal(request, (RedisCommandExecutionException) redis);
            }
            return outcome == Outcome.UNKNOWN && !read
                    ? unknown(request, "redis", failure)
                    : unavailable(request, "redis", read, failure);
        }
        if (mongoWrites.isUnansweredWrite(failure) || unconfirmedWrite(failure)) {
            return unknown(request, "mongodb", failure);
        }
        if (unreachableStore(failure) != null) {
            return unavailable(request, "mongodb", read, failure);
        }
        LOG.error("unexpected store failure during {} {}", request.getMethodName(), request.getPath(), failure);
        return json(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "internal error");
    }

    /** A write concern MongoDB could not confirm: made on the primary, maybe not durable. */
    private static boolean unconfirmedWrite(Throwable failure) {
        if (find(failure, MongoWriteConcernException.class) != null) {
            return true;
        }
        MongoBulkWriteException bulk = find(failure, MongoBulkWriteException.class);
        return bulk != null && bulk.getWriteConcernError() != null;
    }

    private HttpResponse<ErrorBody> internal(HttpRequest<?> request, RedisCommandExecutionException reply) {
        String code = errorCode(reply);
        if (loggedCodes.add(code)) {
            LOG.error("redis error reply {} during {} {} (logged once per error code): {}", code,
                    request.getMethodName(), request.getPath(), ErrorMessages.oneLine(reply.getMessage()));
        }
        return json(HttpStatus.INTERNAL_SERVER_ERROR, "internal", "internal error");
    }

    private static HttpResponse<ErrorBody> unavailable(HttpRequest<?> request, String store, boolean read,
                                                       Throwable failure) {
        LOG.warn("{} unavailable during {} {}: {}", store, request.getMethodName(), request.getPath(),
                ErrorMessages.oneLine(failure.getMessage()));
        return json(HttpStatus.SERVICE_UNAVAILABLE, "unavailable", read
                ? store + " is unavailable; try again"
                : store + " could not be reached; the write was not recorded");
    }

    private static HttpResponse<ErrorBody> unknown(HttpRequest<?> request, String store, Throwable failure) {
        LOG.warn("{} did not answer a write in time during {} {}: {}", store, request.getMethodName(),
                request.getPath(), ErrorMessages.oneLine(failure.getMessage()));
        return json(HttpStatus.GATEWAY_TIMEOUT, "outcome_unknown", String.format(OUTCOME_UNKNOWN, store));
    }

    private static HttpResponse<ErrorBody> json(HttpStatus status, String code, String message) {
        return HttpResponse.<ErrorBody>status(status).contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ErrorBody(code, message));
    }

    private static boolean isRejectedWhileDisconnected(RedisException failure) {
        String message = failure.getMessage() == null ? "" : failure.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("not connected") || message.contains("commands are rejected");
    }

    private static String errorCode(RedisCommandExecutionException reply) {
        String message = reply.getMessage() == null ? "" : reply.getMessage();
        int space = message.indexOf(' ');
        return space < 0 ? message : message.substring(0, space);
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
