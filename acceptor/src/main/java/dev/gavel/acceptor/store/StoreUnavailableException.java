package dev.gavel.acceptor.store;

/**
 * Nothing was recorded by this call: Redis could not be reached before the command left, refused it
 * without running it (LOADING, BUSY, ...), or the call was a read, which records nothing in any case.
 */
public final class StoreUnavailableException extends RuntimeException {

    public StoreUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
