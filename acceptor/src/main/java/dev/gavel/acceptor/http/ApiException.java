package dev.gavel.acceptor.http;

import dev.gavel.contract.ErrorCodes;
import dev.gavel.contract.Money;
import java.util.Map;
import java.util.Objects;

/**
 * A fault the client should hear about: a status, the contract's error code and one line of text.
 * Thrown (or failed with) anywhere on a request's path; {@link ErrorMapper} turns it into the response.
 * No stack trace is captured: these are expected outcomes, not bugs.
 */
public final class ApiException extends RuntimeException {

    public static final String BID_TOO_LOW = "bid_too_low";

    private final int status;
    private final String code;
    private final Map<String, Number> details;
    private final long retryAfterSeconds;

    public ApiException(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    private ApiException(String message, long retryAfterSeconds) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.status = 429;
        this.code = ErrorCodes.forStatus(429);
        this.details = Map.of();
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** With extra numeric fields the contract adds after {@code message}, such as {@code remaining}. */
    public ApiException(int status, String code, String message, Map<String, ? extends Number> details) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        this.status = status;
        this.code = Objects.requireNonNull(code, "code");
        this.details = Map.copyOf(details);
        this.retryAfterSeconds = 0;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, ErrorCodes.forStatus(400), message);
    }

    public static ApiException unauthorized(String message) {
        return new ApiException(401, ErrorCodes.forStatus(401), message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, ErrorCodes.forStatus(403), message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, ErrorCodes.forStatus(404), message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, ErrorCodes.forStatus(409), message);
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, ErrorCodes.forStatus(415), message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, ErrorCodes.forStatus(503), message);
    }

    /** 429 with Retry-After: an abuse limit, or the password-hash pool is full (docs/operations.md "Rate limits"). */
    public static ApiException tooManyRequests(String message, long retryAfterSeconds) {
        return new ApiException(message, Math.max(1, retryAfterSeconds));
    }

    /** The grant of shares was denied: 403 with how many shares the class has left. */
    public static ApiException grantDenied(String message, long remaining) {
        return new ApiException(403, ErrorCodes.forStatus(403), message, Map.of("remaining", remaining));
    }

    /**
     * 409 bid_too_low: the bid's firm amount is below the item's minimum bid, which the body carries as
     * money (the contract's only error code that is not the code of its status).
     */
    public static ApiException bidTooLow(long minimumBidCents) {
        return new ApiException(409, BID_TOO_LOW, "the bid is below the minimum bid of " + Money.text(minimumBidCents),
                Map.of("minimum_bid", Money.fromCents(minimumBidCents)));
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Number> details() {
        return details;
    }

    /** Seconds for a Retry-After header; 0 when there is none. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
