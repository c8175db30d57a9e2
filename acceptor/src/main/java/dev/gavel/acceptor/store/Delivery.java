package dev.gavel.acceptor.store;

/**
 * Whether the command a call awaits may have reached Redis, which decides 503 (certainly not run) from
 * 504 (may have run) when the call fails. It is written to a connection: it may have run. Redis then
 * refuses it without running it (MOVED, ASK, TRYAGAIN, NOSCRIPT) and it goes again, elsewhere or later:
 * until that copy is written, nothing of it has run.
 */
public final class Delivery {

    private volatile boolean written;

    /** The command has been written to a connection. */
    public void written() {
        written = true;
    }

    /** Nothing written so far has run: a new command, or Redis refused the last one unrun. */
    public void notRun() {
        written = false;
    }

    public boolean mayHaveRun() {
        return written;
    }
}
