package dev.gavel.embeddedmongo;

import org.h2.mvstore.MVStore;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes every write of the embedded MongoDB durable before its reply is sent: the MVStore is committed
 * and the file synced to disk. On its own, H2 commits in the background about once a second, so a
 * write already acknowledged could be lost by a {@code kill -9} within that second.
 *
 * <p>Concurrent writes share commits (a group commit): each write takes a ticket once its changes are
 * in the store's maps; a commit covers every ticket taken before it started, so a writer that waited
 * for the lock finds its write already on disk and returns without a commit of its own. A bulk insert
 * of the archiver is one command, so one commit.
 */
final class DurableCommits {

    /** Commands that can change data; compared in lower case. */
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify",
            "createindexes", "dropindexes", "drop", "dropdatabase", "create", "renamecollection");

    private final MVStore store;
    private final AtomicLong tickets = new AtomicLong();
    private final Object lock = new Object();
    private long durableTicket;

    DurableCommits(MVStore store) {
        this.store = store;
    }

    /** Called once a command has run (whether it succeeded or failed: a failed bulk write may have written part). */
    void afterCommand(String command) {
        if (WRITES.contains(command.toLowerCase(Locale.ROOT)) || store.hasUnsavedChanges()) {
            makeDurable(tickets.incrementAndGet());
        }
    }

    private void makeDurable(long ticket) {
        synchronized (lock) {
            if (durableTicket >= ticket) {
                return;
            }
            // Every ticket taken so far belongs to a write already applied to the maps: this commit covers it.
            long covered = tickets.get();
            store.commit();
            store.sync();
            durableTicket = covered;
        }
    }
}
