package dev.gavel.query.error;

import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A DataAccessException reaching the HTTP layer: 503, 504 or 500 (see {@link StoreFailures}). */
@Singleton
public class DataAccessFailureHandler implements ExceptionHandler<DataAccessException, HttpResponse<ErrorBody>> {

    private final StoreFailures failures;

    public DataAccessFailureHandler(StoreFailures failures) {
        this.failures = failures;
    }

    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, DataAccessException exception) {
        return failures.respond(request, exception);
    }
}
