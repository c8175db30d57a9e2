package dev.gavel.query.error;

import dev.gavel.contract.ErrorCodes;
import io.micronaut.http.HttpStatus;

import java.util.Map;

/** A fault the API answers on purpose, with the contract's status, code and a one-line message. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final Map<String, String> headers;

    public ApiException(HttpStatus status, String message) {
        this(status, message, Map.of(), null);
    }

    public ApiException(HttpStatus status, String message, Map<String, String> headers, Throwable cause) {
        super(message, cause, false, false);
        this.status = status;
        this.headers = Map.copyOf(headers);
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(HttpStatus.CONFLICT, message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(HttpStatus.UNAUTHORIZED, message, Map.of("WWW-Authenticate", "Basic realm=\"gavel\""), null);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, message);
    }

    public static ApiException unavailable(String message, Throwable cause) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, message, Map.of(), cause);
    }

    /** 504 outcome_unknown: a write was sent to a store and no answer came in time. */
    public static ApiException outcomeUnknown(String message, Throwable cause) {
        return new ApiException(HttpStatus.GATEWAY_TIMEOUT, message, Map.of(), cause);
    }

    /** 429 with Retry-After: an abuse limit or the password-hash pool is full (docs/operations.md "Rate limits"). */
    public static ApiException tooManyRequests(String message, long retryAfterSeconds) {
        return new ApiException(HttpStatus.TOO_MANY_REQUESTS, message,
                Map.of("Retry-After", Long.toString(retryAfterSeconds)), null);
    }

    /** 504: the change was sent but its outcome is not known (it may or may not be in effect). */
    public static ApiException outcomeUnknown(String message) {
        return new ApiException(HttpStatus.GATEWAY_TIMEOUT, message);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return ErrorCodes.forStatus(status.getCode());
    }

    public Map<String, String> headers() {
        return headers;
    }
}
