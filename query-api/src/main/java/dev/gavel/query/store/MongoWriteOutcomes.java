package dev.gavel.query.store;

import com.mongodb.MongoServerException;
import com.mongodb.event.CommandFailedEvent;
import com.mongodb.event.CommandListener;
import jakarta.inject.Singleton;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;

/**
 * Remembers the failures of MongoDB write commands that had been sent but got no answer (a socket
 * timeout, a connection closed with the command in flight): the write may have been made. The error
 * mapping asks about a failure that reached it, to answer 504 {@code outcome_unknown} for those and 503
 * {@code unavailable} for failures before any write left (no server, no connection, a read that timed
 * out). Registered with the driver as a command listener (Micronaut adds every CommandListener bean).
 * The failures are held weakly: one that nobody reports is forgotten with its exception.
 */
@Singleton
public class MongoWriteOutcomes implements CommandListener {

    /** Commands that can change data; compared in lower case. */
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "bulkwrite");

    private final Map<Throwable, Boolean> unanswered = Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public void commandFailed(CommandFailedEvent event) {
        Throwable failure = event.getThrowable();
        // A server's error reply is an answer: the command was refused or ran and failed.
        if (!(failure instanceof MongoServerException)
                && WRITES.contains(event.getCommandName().toLowerCase(Locale.ROOT))) {
            unanswered.put(failure, Boolean.TRUE);
        }
    }

    /** True when the failure, or one it wraps, is a write command that was sent and got no answer. */
    public boolean isUnansweredWrite(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (unanswered.containsKey(t)) {
                return true;
            }
            for (Throwable suppressed : t.getSuppressed()) {
                if (unanswered.containsKey(suppressed)) {
                    return true;
                }
            }
        }
        return false;
    }
}
