package dev.gavel.query.live;

import java.util.Optional;

/**
 * One entry of a partition's event stream, as the live streams need it. The fields a type does not carry
 * are empty (text) or 0 (numbers); see {@code docs/redis-layout.md} for the entries the write scripts and
 * the processor append.
 *
 * @param partition   the partition whose stream held the entry
 * @param streamId    the entry's stream id
 * @param type        {@code bid}, {@code impression}, {@code certificate} or {@code item_closed}
 * @param item        the item id (bids, impressions, item_closed), else empty
 * @param user        the bidder (bids), else empty
 * @param seq         the bid's seq (bids), else 0
 * @param amountCents the bid's recorded amount (bids), else 0
 * @param priceCents  the item's price after the bid (bids) or the final price (item_closed), else empty
 * @param leading     whether the bid's user leads after it (bids)
 * @param auto        whether the system placed the bid under a maximum bid (bids)
 * @param tsUs        the write's arrival time, microseconds since the epoch
 * @param closesAtUs  the item's new closing time when this bid extended it (soft close), else empty
 * @param displaced   the user this bid took the lead from, else empty
 * @param result      {@code sold} or {@code no_sale} (item_closed), else empty
 * @param reason      {@code time} or {@code buy_now} (item_closed), else empty
 * @param winner      the winner's username (item_closed, sold), else empty
 */
public record LiveEvent(int partition, String streamId, String type, String item, String user, long seq,
        long amountCents, Optional<Long> priceCents, boolean leading, boolean auto, long tsUs,
        Optional<Long> closesAtUs, String displaced, String result, String reason, String winner) {
}
