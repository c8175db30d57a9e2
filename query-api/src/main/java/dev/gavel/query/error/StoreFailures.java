package dev.gavel.query.error;

import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import io.lettuce.core.RedisException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Decides whether a store failure means "the store is down" (503) or a bug (500). */
public final class StoreFailures {

    private static final Logger LOG = LoggerFactory.getLogger(StoreFailures.class);

    private StoreFailures() {
    }

    /** The name of the store that could not be reached, or null when the failure is not an outage. */
    public static String unreachableStore(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof RedisException) {
                return "redis";
            }
            if (t instanceof MongoTimeoutException || t instanceof MongoSocketException
                    || t instanceof MongoInterruptedException) {
                return "mongodb";
            }
        }
        return null;
    }

    static HttpResponse<ErrorBody> respond(HttpRequest<?> request, Throwable failure) {
        String store = unreachableStore(failure);
        if (store != null) {
            LOG.warn("{} unavailable during {} {}: {}", store, request.getMethodName(), request.getPath(),
                    ErrorCodes.oneLine(failure.getMessage()));
            return HttpResponse.<ErrorBody>status(HttpStatus.SERVICE_UNAVAILABLE)
                    .contentType(MediaType.APPLICATION_JSON_TYPE)
                    .body(new ErrorBody("unavailable", store + " is unavailable; try again"));
        }
        LOG.error("unexpected store failure during {} {}", request.getMethodName(), request.getPath(), failure);
        return HttpResponse.<ErrorBody>status(HttpStatus.INTERNAL_SERVER_ERROR)
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ErrorBody("internal", "internal error"));
    }
}
