package dev.gavel.acceptor.store;

/**
 * A write was sent to Redis and no answer came in time, or its connection closed while it was in
 * flight: Redis may or may not have run it. A retry with the same Idempotency-Key tells which.
 */
public final class StoreOutcomeUnknownException extends RuntimeException {

    public StoreOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
