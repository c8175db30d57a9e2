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

    private static final String AUTO = "auto";

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
     * {@code <seq>|<user>|<amount_cents>|<ts_us>} for a bid its user placed, with {@code |auto} appended for a
     * bid the system placed for the leader under a maximum bid. An entry never holds a ceiling.
     */
    static BidViews.Bid parseEntry(String entry) {
        String[] parts = entry.split("\\|", -1);
        boolean auto = parts.length == 5 && AUTO.equals(parts[4]);
        if (parts.length != 4 && !auto) {
            throw new IllegalStateException("malformed bid entry in Redis: " + entry);
        }
        return new BidViews.Bid(Long.parseLong(parts[0]), parts[1], Money.fromCents(Long.parseLong(parts[2])),
                MicroTime.format(Long.parseLong(parts[3])), auto);
    }

    private static long parseCursor(String after) {
        return Paging.positive(Paging.decode(after));
    }

    private static ApiException unknown(String itemId) {
        return ApiException.notFound("item '" + itemId + "' was not found");
    }
}
