package dev.gavel.acceptor.store;

/** Redis did not answer in time or could not be reached: nothing was recorded by this call. */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
