package dev.gavel.query.error;

import dev.gavel.contract.ErrorCodes;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

/**
 * Replaces Micronaut's default error body, so that its own errors (unknown route, 405, 415,
 * unreadable JSON, constraint violations, unexpected exceptions) use the contract's JSON too.
 * A 500 never carries exception text: Micronaut has already logged the stack once.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ContractErrorResponseProcessor implements ErrorResponseProcessor<ErrorBody> {

    @Override
    @SuppressWarnings("unchecked")
    public MutableHttpResponse<ErrorBody> processResponse(ErrorContext context, MutableHttpResponse<?> response) {
        int status = response.code();
        ErrorBody body = new ErrorBody(ErrorCodes.forStatus(status), message(context, status));
        return ((MutableHttpResponse<ErrorBody>) response).contentType(MediaType.APPLICATION_JSON_TYPE).body(body);
    }

    private static String message(ErrorContext context, int status) {
        if (status == 503) {
            return "a store is unavailable; nothing was written";
        }
        if (status >= 500) {
            return "internal error";
        }
        HttpRequest<?> request = context.getRequest();
        String first = first(context);
        if (status == 404 && (first.isEmpty() || "Page Not Found".equals(first))) {
            return "no such resource: " + request.getMethodName() + " " + request.getPath();
        }
        return first.isEmpty() ? defaultMessage(status) : ErrorMessages.oneLine(first);
    }

    private static String first(ErrorContext context) {
        return context.getErrors().stream().map(Error::getMessage).findFirst().orElse("");
    }

    private static String defaultMessage(int status) {
        return switch (status) {
            case 405 -> "method not allowed";
            case 413 -> "request body too large";
            case 415 -> "unsupported media type: send application/json";
            default -> "bad request";
        };
    }
}
