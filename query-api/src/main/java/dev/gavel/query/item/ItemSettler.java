package dev.gavel.query.item;

import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Brings an item's two stores to one state after a PATCH whose Redis answer was lost (a timeout: the
 * script may run when a frozen Redis resumes, or may never run). Redis decides (lua/item_settle.lua): the
 * change applied, and MongoDB keeps it; or it did not, Redis's revision moves past it so it never will,
 * and MongoDB gets the replaced fields back at that revision. Either way both stores end at the same
 * revision with the same fields. Run in the background after the 504 until Redis answers, by any later
 * PATCH of the item that finds the mark older than the time its owner could still be at work, and for
 * every marked item at start.
 */
@Singleton
public class ItemSettler {

    private static final Logger LOG = LoggerFactory.getLogger(ItemSettler.class);
    private static final long RETRY_MS = 100;

    private final ItemRevisions revisions;
    private final ItemState state;
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "gavel-item-settler");
        thread.setDaemon(true);
        return thread;
    });

    public ItemSettler(ItemRevisions revisions, ItemState state) {
        this.revisions = revisions;
        this.state = state;
    }

    /**
     * Settles the item's pending change, if it has one; throws the store's failure when Redis or MongoDB
     * does not answer (nothing is lost: the mark stays until a settling gets through).
     */
    public void settle(String itemId) {
        Optional<Document> doc = revisions.read(itemId);
        if (doc.isEmpty()) {
            return;
        }
        Optional<ItemRevisions.Pending> pending = ItemRevisions.pendingOf(doc.get());
        if (pending.isEmpty()) {
            return;
        }
        ItemRevisions.Pending change = pending.get();
        ItemState.Settled settled = state.settle(itemId, change.from(), change.to() + 1);
        switch (settled.outcome()) {
            case APPLIED -> revisions.finish(itemId, change.to());
            case FENCED -> revisions.undo(itemId, change.to(), change.previous(), settled.revision());
            case MISSING -> {
                // Redis lost the item (it comes back from MongoDB at the next start): write it whole now,
                // with the change, at its revision, where no late copy of the change can do anything.
                state.mirror(ItemDoc.fromDocument(doc.get()));
                revisions.finish(itemId, change.to());
            }
            default -> throw new IllegalStateException("unexpected settle outcome");
        }
        LOG.info("pending change of item '{}' (revision {} to {}) settled", itemId, change.from(), change.to());
    }

    /** Settles the item in the background, retrying until the stores answer. */
    public void schedule(String itemId) {
        if (scheduled.add(itemId)) {
            timer.schedule(() -> attempt(itemId), RETRY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Settles every item that carries a pending change (at start, before the catalogue is mirrored). */
    public int settleAll() {
        int settled = 0;
        for (String itemId : revisions.pendingItems()) {
            settle(itemId);
            settled++;
        }
        return settled;
    }

    private void attempt(String itemId) {
        try {
            settle(itemId);
            scheduled.remove(itemId);
        } catch (RuntimeException e) {
            timer.schedule(() -> attempt(itemId), RETRY_MS, TimeUnit.MILLISECONDS);
        }
    }

    @PreDestroy
    void close() {
        timer.shutdownNow();
    }
}
