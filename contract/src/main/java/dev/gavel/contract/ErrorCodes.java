package dev.gavel.contract;

/** The contract's error code for an HTTP status: the {@code error} of every error body. */
public final class ErrorCodes {

    private ErrorCodes() {
    }

    public static String forStatus(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 409 -> "conflict";
            case 413 -> "payload_too_large";
            case 415 -> "unsupported_media_type";
            case 429 -> "too_many_requests";
            case 503 -> "unavailable";
            case 504 -> "outcome_unknown";
            default -> status >= 500 ? "internal" : "bad_request";
        };
    }
}
