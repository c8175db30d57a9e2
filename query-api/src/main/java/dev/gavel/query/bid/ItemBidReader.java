package dev.gavel.query.bid;

import dev.gavel.contract.Identifiers;
import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Money;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.item.ItemState;
import dev.gavel.query.paging.Page;
import dev.gavel.query.paging.Paging;
import dev.gavel.query.store.RedisStore;
import jakarta.inject.Singleton;

import java.util.List;

/** An item's winner and its bids, read from the item hash and the bids list the bid script writes. */
@Singleton
public class ItemBidReader {

    private final ItemState items;
    private final RedisStore redis;
    private final RedisKeys keys;

    public ItemBidReader(ItemState items, RedisStore redis, RedisKeys keys) {
        this.items = items;
        this.redis = redis;
        this.keys = keys;
    }

    public BidViews.Winner winner(String itemId) {
        ItemState.Snapshot state = existing(itemId);
        ItemState.Lead lead = state.lead()
                .orElseThrow(() -> ApiException.notFound("item '" + itemId + "' has no bids"));
        long priceCents = state.priceCents().orElse(lead.amountCents());
        Boolean reserveMet = state.reserveCents().map(reserve -> priceCents >= reserve).orElse(null);
        return new BidViews.Winner(itemId, lead.user(), Money.fromCents(lead.amountCents()),
                Money.fromCents(priceCents), lead.seq(), MicroTime.format(lead.tsUs()),
                state.closed(MicroTime.nowMicros()), reserveMet);
    }

    /** Bids in acceptance order; bid {@code seq} sits at list index {@code seq - 1}. */
    public BidViews.BidPage bids(String itemId, int limit, String after) {
        long afterSeq = after == null ? 0 : parseCursor(after);
        existing(itemId);
        List<String> entries = redis.sync().lrange(keys.itemBids(itemId), afterSeq, afterSeq + Page.fetchSize(limit) - 1);
        Page<BidViews.Bid> page = Page.of(entries, limit).map(ItemBidReader::parseEntry);
        return new BidViews.BidPage(itemId, page.rows(), page.next(bid -> Long.toString(bid.seq())));
    }

    private ItemState.Snapshot existing(String itemId) {
        if (!Identifiers.isItemId(itemId)) {
            throw unknown(itemId);
        }
        return items.read(itemId).orElseThrow(() -> unknown(itemId));
    }

    /**
     * One list entry, in any shape {@link BidListEntry} reads, as the bids read shows it: the price and leading
     * newer entries carry are for the live replay, not part of this view.
     */
    static BidViews.Bid parseEntry(String entry) {
        BidListEntry bid = BidListEntry.parse(entry);
        return new BidViews.Bid(bid.seq(), bid.user(), Money.fromCents(bid.amountCents()), MicroTime.format(bid.tsUs()),
                bid.auto());
    }

    private static long parseCursor(String after) {
        return Paging.positive(Paging.decode(after));
    }

    private static ApiException unknown(String itemId) {
        return ApiException.notFound("item '" + itemId + "' was not found");
    }
}
