package dev.gavel.query.error;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A DataAccessException reaching the HTTP layer: 503 when the store is down, else 500 (see {@link StoreFailures}). */
@Singleton
public class DataAccessFailureHandler implements ExceptionHandler<DataAccessException, HttpResponse<ErrorBody>> {

    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, DataAccessException exception) {
        return StoreFailures.respond(request, exception);
    }
}
