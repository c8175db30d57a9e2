package dev.gavel.query.item;

import dev.gavel.contract.Identifiers;
import dev.gavel.contract.MicroTime;
import dev.gavel.query.GavelConfig;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.error.StoreFailures;
import io.lettuce.core.RedisException;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * PATCH /items/{item}: title, description, a later closing time and rules. The checks that depend on bids
 * (the starting price and the increment change only before the first bid; closes_at only later, never
 * behind an extension; nothing but the text once closed) are made first for a clear answer, then again
 * atomically by the Redis write (lua/item_patch.lua).
 *
 * <p>A change is one revision of the item, in both stores: MongoDB first (ItemRevisions.begin, which
 * also marks it pending), then Redis, which applies it only on the revision it was made on. When Redis
 * refuses it, or certainly never got it, MongoDB's fields come back. When Redis's answer is lost (a
 * timeout), the change may still apply, so nothing is undone: the answer is 504, and ItemSettler settles
 * it as soon as Redis answers (both stores keep it, or neither does). Until then further changes of the
 * item wait. The contract allows closes_at only to move later, so the same PATCH sent again after its
 * closes_at applied is a 409 that says so; a GET of the item shows what holds.
 */
@Singleton
public class ItemChanger {

    private static final Logger LOG = LoggerFactory.getLogger(ItemChanger.class);
    /** Attempts on a newer revision, when another change of the item came first. */
    private static final int ATTEMPTS = 5;
    private static final long WAIT_MS = 20;

    private final ItemState state;
    private final ItemRevisions revisions;
    private final ItemSettler settler;
    /** How long a pending mark may belong to a change still at work (its Redis, then MongoDB, write). */
    private final long leaseUs;

    public ItemChanger(ItemState state, ItemRevisions revisions, ItemSettler settler, GavelConfig config) {
        this.state = state;
        this.revisions = revisions;
        this.settler = settler;
        this.leaseUs = (config.getRedisTimeoutMs() + config.getMongodbTimeoutMs() + 1000L) * 1000L;
    }

    /** {@code rulesBody} is the body's rules with exact decimals (null when none). */
    public ItemViews.Item change(String itemId, ItemViews.ItemChange change, JsonNode rulesBody) {
        if (!Identifiers.isItemId(itemId)) {
            throw notFound(itemId);
        }
        int attempts = 0;
        // Bounds the wait for another change's owner even if the mark's time came from a clock ahead of ours.
        long waitUntilUs = MicroTime.nowMicros() + leaseUs;
        while (true) {
            Document doc = revisions.read(itemId).orElseThrow(() -> notFound(itemId));
            Optional<ItemRevisions.Pending> pending = ItemRevisions.pendingOf(doc);
            if (pending.isPresent()) {
                settleFirst(itemId, pending.get(), waitUntilUs);
            } else {
                Optional<ItemViews.Item> done = attempt(ItemDoc.fromDocument(doc), change, rulesBody);
                if (done.isPresent()) {
                    return done.get();
                }
                if (++attempts >= ATTEMPTS) {
                    throw ApiException.conflict("item '" + itemId + "' is being changed by other requests; "
                            + "nothing was changed: try again");
                }
            }
        }
    }

    /**
     * Waits for a pending change of the item while its owner may still be at work, then settles it here.
     * A store that does not answer fails this request with 503: nothing of it was written.
     */
    private void settleFirst(String itemId, ItemRevisions.Pending pending, long waitUntilUs) {
        long nowUs = MicroTime.nowMicros();
        if (nowUs - pending.atUs() < leaseUs && nowUs < waitUntilUs) {
            pause();
            return;
        }
        try {
            settler.settle(itemId);
        } catch (RuntimeException e) {
            settler.schedule(itemId);
            throw ApiException.unavailable("an earlier change of item '" + itemId + "' is not settled yet and "
                    + "the stores do not answer; nothing was changed", e);
        }
    }

    /** One attempt on the item's current revision; empty when another change came first. */
    private Optional<ItemViews.Item> attempt(ItemDoc current, ItemViews.ItemChange change, JsonNode rulesBody) {
        String itemId = current.id();
        if (change.title() != null) {
            ItemService.checkTitle(change.title());
        }
        ItemService.checkDescription(change.description());
        Long closesAt = ItemTimes.microsOrNull("closes_at", change.closesAt());
        ItemRules rules = RulesInput.apply(current.rules(), rulesBody);
        long nowUs = MicroTime.nowMicros();
        ItemState.Snapshot live = state.read(itemId).orElse(null);
        Long liveClosesAt = live == null ? current.closesAtUs() : live.closesAtUs().orElse(current.closesAtUs());
        boolean closed = live == null ? liveClosesAt != null && nowUs >= liveClosesAt : live.closed(nowUs);
        boolean pricingChanges = rules.pricingDiffers(current.rules());
        boolean rulesChange = closesAt != null || !rules.equals(current.rules());
        if (closesAt != null && current.opensAtUs() != null && closesAt <= current.opensAtUs()) {
            throw ApiException.badRequest("closes_at must be after opens_at");
        }
        ItemService.checkHardClose(rules, later(closesAt, liveClosesAt));
        if (rulesChange && closed) {
            throw closed(itemId);
        }
        if (pricingChanges && live != null && live.bidCount() > 0) {
            throw bidsExist(itemId);
        }
        if (closesAt != null && (closesAt <= nowUs || (liveClosesAt != null && closesAt <= liveClosesAt))) {
            throw notLater(itemId);
        }
        ItemDoc changed = current.with(change.title() == null ? current.title() : change.title(),
                change.description() == null ? current.description() : change.description(),
                closesAt == null ? current.closesAtUs() : closesAt, rules);
        if (changed.equals(current)) {
            return Optional.of(view(current));
        }
        if (!revisions.begin(current, changed, nowUs)) {
            return Optional.empty();
        }
        long from = current.revision();
        ItemState.PatchOutcome outcome;
        try {
            outcome = state.patch(itemId, nowUs, closesAt, pricingChanges, rulesChange, from, changed.title(),
                    changed.rules());
        } catch (RedisException e) {
            throw redisFailed(current, from, e);
        }
        switch (outcome) {
            case OK -> { }
            // Redis lost the item (it comes back at the next start): write it whole now.
            case MISSING -> {
                try {
                    state.mirror(changed.atRevision(from + 1));
                } catch (RedisException e) {
                    throw redisFailed(current, from, e);
                }
            }
            // Another process settled this change as not applied (it took too long); MongoDB is undone.
            case STALE -> {
                return Optional.empty();
            }
            case CLOSED -> throw undone(current, from, closed(itemId));
            case BIDS -> throw undone(current, from, bidsExist(itemId));
            case NOT_LATER -> throw undone(current, from, notLater(itemId));
            default -> throw new IllegalStateException("unexpected patch outcome");
        }
        try {
            revisions.finish(itemId, from + 1);
        } catch (RuntimeException e) {
            // The change is in both stores; only the mark is left, which the settling clears.
            settler.schedule(itemId);
            LOG.warn("change of item '{}' made; its pending mark stays until settled: {}", itemId, e.getMessage());
        }
        return Optional.of(view(changed.atRevision(from + 1)));
    }

    /**
     * The answer to a Redis write that failed: 504 when it may still apply (it is settled in the
     * background), else the change is undone in MongoDB and the answer is 503 (or the error reply's 500).
     */
    private RuntimeException redisFailed(ItemDoc current, long from, RedisException e) {
        if (StoreFailures.redisOutcome(e) == StoreFailures.Outcome.UNKNOWN) {
            settler.schedule(current.id());
            LOG.warn("change of item '{}' sent to redis with no answer; settling it when redis answers: {}",
                    current.id(), e.getMessage());
            return ApiException.outcomeUnknown(OUTCOME_UNKNOWN, e);
        }
        undo(current, from);
        return StoreFailures.redisWriteFailed("redis is unavailable; the item was not changed", e);
    }

    private ItemViews.Item view(ItemDoc item) {
        return ItemViews.Item.of(item, state.read(item.id()).orElse(null), MicroTime.nowMicros(), true);
    }

    private ApiException undone(ItemDoc current, long from, ApiException refusal) {
        undo(current, from);
        return refusal;
    }

    /** Redis did not apply the change: MongoDB's fields come back, at the revision Redis still holds. */
    private void undo(ItemDoc current, long from) {
        try {
            revisions.undo(current.id(), from + 1, current.changeableFields(), from);
        } catch (RuntimeException e) {
            settler.schedule(current.id());
            throw e;
        }
    }

    private static void pause() {
        try {
            Thread.sleep(WAIT_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw ApiException.unavailable("interrupted while another change of the item was settled", e);
        }
    }

    private static Long later(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.max(a, b);
    }

    static final String OUTCOME_UNKNOWN = "the change was sent to redis but no answer came in time; it is "
            + "settled as soon as redis answers (kept in both stores or in neither): send the same PATCH again "
            + "to make sure it applies, or GET the item to see";

    private static ApiException notFound(String itemId) {
        return ApiException.notFound("item '" + itemId + "' was not found");
    }

    private static ApiException closed(String itemId) {
        return ApiException.conflict("item '" + itemId + "' is closed; only its title and description can change");
    }

    private static ApiException bidsExist(String itemId) {
        return ApiException.conflict("item '" + itemId + "' has bids; its starting price and increment can no longer change");
    }

    private static ApiException notLater(String itemId) {
        return ApiException.conflict("closes_at of item '" + itemId + "' can only move later (after its current "
                + "closing time and after now)");
    }
}
