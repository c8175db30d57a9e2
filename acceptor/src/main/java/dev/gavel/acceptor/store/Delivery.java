package dev.gavel.acceptor.store;

/**
 * Whether the command a call awaits may have reached Redis, which decides 503 (certainly not run) from
 * 504 (may have run) when the call fails. It is written to a connection: it may have run. Redis then
 * refuses it without running it (MOVED, ASK, TRYAGAIN, NOSCRIPT) and it goes again, elsewhere or later:
 * until that copy is written, nothing of it has run.
 *
 * <p>Once the caller has been answered ({@link #abandon()}, at its timeout), no copy may go out any more:
 * the steps of a call still under way (a SCRIPT LOAD after NOSCRIPT, a retry after a redirection) would
 * otherwise run the write after its 503 said "not recorded".
 */
public final class Delivery {

    private boolean written;
    private boolean abandoned;

    /** The command has been written to a connection. */
    public synchronized void written() {
        written = true;
    }

    /**
     * Before a write is handed to a connection: false once the call has been answered (send nothing);
     * else it counts as written from here on, a connect still pending included.
     */
    public synchronized boolean begin() {
        if (abandoned) {
            return false;
        }
        written = true;
        return true;
    }

    /** Nothing written so far has run: a new command, or Redis refused the last one unrun. */
    public synchronized void notRun() {
        written = false;
    }

    /** The call has been answered: nothing more may be sent; whether what was sent may have run. */
    public synchronized boolean abandon() {
        abandoned = true;
        return written;
    }
}
