package dev.gavel.query.item;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.gavel.contract.Identifiers;
import dev.gavel.contract.MicroTime;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.store.MirroredSave;
import dev.gavel.query.store.MongoStore;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * PATCH /items/{item}: title, description, a later closing time and rules. The checks that depend on bids
 * (the starting price and the increment change only before the first bid; closes_at only later, never
 * behind an extension; nothing but the text once closed) are made first for a clear answer, then again
 * atomically by the Redis write (lua/item_patch.lua), which undoes the MongoDB update when it refuses.
 */
@Singleton
public class ItemChanger {

    private final ItemRepository items;
    private final ItemState state;
    private final MongoStore mongo;

    public ItemChanger(ItemRepository items, ItemState state, MongoStore mongo) {
        this.items = items;
        this.state = state;
        this.mongo = mongo;
    }

    /** {@code rulesBody} is the body's rules with exact decimals (null when none). */
    public ItemViews.Item change(String itemId, ItemViews.ItemChange change, JsonNode rulesBody) {
        if (!Identifiers.isItemId(itemId)) {
            throw notFound(itemId);
        }
        ItemDoc current = items.findById(itemId).orElseThrow(() -> notFound(itemId));
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
        MirroredSave.change("item", itemId, () -> update(changed), () -> mirror(changed, nowUs, closesAt,
                pricingChanges, rulesChange), () -> update(current));
        return ItemViews.Item.of(changed, state.read(itemId).orElse(null), MicroTime.nowMicros(), true);
    }

    private void mirror(ItemDoc changed, long nowUs, Long closesAt, boolean pricingChanges, boolean rulesChange) {
        switch (state.patch(changed.id(), nowUs, closesAt, pricingChanges, rulesChange, changed.title(),
                changed.rules())) {
            case OK -> { }
            // Redis lost the item (it comes back at the next start): write it whole now.
            case MISSING -> state.mirror(changed);
            case CLOSED -> throw closed(changed.id());
            case BIDS -> throw bidsExist(changed.id());
            case NOT_LATER -> throw notLater(changed.id());
            default -> throw new IllegalStateException("unexpected patch outcome");
        }
    }

    /** Sets the fields that have a value and removes those that have none. */
    private void update(ItemDoc item) {
        List<Bson> updates = new ArrayList<>();
        for (Map.Entry<String, Object> field : item.changeableFields().entrySet()) {
            updates.add(field.getValue() == null ? Updates.unset(field.getKey())
                    : Updates.set(field.getKey(), field.getValue()));
        }
        mongo.database().getCollection("items").updateOne(Filters.eq("_id", item.id()), Updates.combine(updates));
    }

    private static Long later(Long a, Long b) {
        if (a == null) {
            return b;
        }
        return b == null ? a : Math.max(a, b);
    }

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
