package dev.gavel.query.error;

import com.mongodb.MongoException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** A MongoException reaching the HTTP layer: 503, 504 or 500 (see {@link StoreFailures}). */
@Singleton
public class MongoFailureHandler implements ExceptionHandler<MongoException, HttpResponse<ErrorBody>> {

    private final StoreFailures failures;

    public MongoFailureHandler(StoreFailures failures) {
        this.failures = failures;
    }

    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, MongoException exception) {
        return failures.respond(request, exception);
    }
}
