package dev.gavel.query.error;

import io.lettuce.core.RedisException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A RedisException reaching the HTTP layer: 503, 504 or 500 (see {@link StoreFailures}). */
@Singleton
public class RedisFailureHandler implements ExceptionHandler<RedisException, HttpResponse<ErrorBody>> {

    private final StoreFailures failures;

    public RedisFailureHandler(StoreFailures failures) {
        this.failures = failures;
    }

    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, RedisException exception) {
        return failures.respond(request, exception);
    }
}
