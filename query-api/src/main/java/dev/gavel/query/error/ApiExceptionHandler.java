package dev.gavel.query.error;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Turns an {@link ApiException} into the contract's error JSON with its status and headers. */
@Singleton
public class ApiExceptionHandler implements ExceptionHandler<ApiException, HttpResponse<ErrorBody>> {

    @Override
    public HttpResponse<ErrorBody> handle(HttpRequest request, ApiException exception) {
        MutableHttpResponse<ErrorBody> response = HttpResponse.<ErrorBody>status(exception.status())
                .contentType(MediaType.APPLICATION_JSON_TYPE)
                .body(new ErrorBody(exception.code(), ErrorMessages.oneLine(exception.getMessage())));
        exception.headers().forEach(response::header);
        return response;
    }
}
