package dev.gavel.query.item;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.gavel.contract.Identifiers;
import dev.gavel.contract.MicroTime;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.paging.Page;
import dev.gavel.query.paging.Paging;
import dev.gavel.query.store.MongoStore;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * GET /items: items in id order, optionally only those with a status now. The status is the live one
 * (LiveItem): a soft close may have moved an item's closing time later and a buy-now earlier than the
 * catalogue's, so MongoDB is asked for every item that may have the status and the item hashes decide.
 */
@Singleton
public class ItemLister {

    private final MongoStore mongo;
    private final ItemState state;

    public ItemLister(MongoStore mongo, ItemState state) {
        this.mongo = mongo;
        this.state = state;
    }

    public ItemViews.ItemPage list(String status, int limit, String after, boolean admin) {
        long nowUs = MicroTime.nowMicros();
        Bson candidates = candidates(status, nowUs);
        String from = after == null ? null : cursor(after);
        int wanted = Page.fetchSize(limit);
        List<ItemViews.Item> matched = new ArrayList<>(wanted);
        while (matched.size() < wanted) {
            Bson filter = from == null ? candidates : Filters.and(candidates, Filters.gt("_id", from));
            List<ItemDoc> docs = new ArrayList<>(wanted);
            for (Document doc : mongo.database().getCollection("items").find(filter)
                    .sort(Sorts.ascending("_id")).limit(wanted)) {
                docs.add(ItemDoc.fromDocument(doc));
            }
            List<Optional<ItemState.Snapshot>> states = state.readAll(docs.stream().map(ItemDoc::id).toList());
            for (int i = 0; i < docs.size() && matched.size() < wanted; i++) {
                ItemViews.Item item = ItemViews.Item.of(docs.get(i), states.get(i).orElse(null), nowUs, admin);
                if (status == null || status.equals(item.status())) {
                    matched.add(item);
                }
            }
            if (docs.size() < wanted) {
                break;
            }
            from = docs.get(docs.size() - 1).id();
        }
        Page<ItemViews.Item> page = Page.of(matched, limit);
        return new ItemViews.ItemPage(page.rows(), page.next(ItemViews.Item::id));
    }

    private static String cursor(String after) {
        String afterId = Paging.decode(after);
        if (!Identifiers.isItemId(afterId)) {
            throw Paging.badCursor();
        }
        return afterId;
    }

    /**
     * Every item that may have the status now: scheduled ones open later (bids never move that); a closed
     * one closed by its catalogue time (an extension only moves it later) or may have been bought now; an
     * open one may still be open by its catalogue time, or a soft close may have extended it.
     */
    private static Bson candidates(String status, long nowUs) {
        if (status == null) {
            return Filters.empty();
        }
        Bson opened = Filters.or(Filters.eq("opens_at_us", null), Filters.lte("opens_at_us", nowUs));
        return switch (status) {
            case "scheduled" -> Filters.gt("opens_at_us", nowUs);
            case "closed" -> Filters.or(Filters.lte("closes_at_us", nowUs), Filters.ne(ItemRules.BUY_NOW, null));
            case "open" -> Filters.and(opened, Filters.or(Filters.eq("closes_at_us", null),
                    Filters.gt("closes_at_us", nowUs), Filters.ne(ItemRules.WINDOW, null)));
            default -> throw ApiException.badRequest("status must be scheduled, open or closed");
        };
    }
}
