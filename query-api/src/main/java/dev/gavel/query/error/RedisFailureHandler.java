package dev.gavel.query.error;

import io.lettuce.core.RedisException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A RedisException reaching the HTTP layer: 503 when the store is down, else 500 (see {@link StoreFailures}). */
@Singleton
public class RedisFailureHandler implements ExceptionHandler<RedisException, HttpResponse<ErrorBody>> {

    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, RedisException exception) {
        return StoreFailures.respond(request, exception);
    }
}
