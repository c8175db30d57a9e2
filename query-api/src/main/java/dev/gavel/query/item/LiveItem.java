package dev.gavel.query.item;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;
import java.util.Optional;

/**
 * What an item is at one instant, computed from its catalogue record and the item hash the bid script
 * writes: the closing time (moved by soft close or buy-now), the status from that time (closed from
 * closes_at on, with no flag set later), the price, the minimum bid, whether the reserve is met, and the
 * result once closed. With no item hash (a Redis that lost its data, before the re-mirror) the catalogue
 * record alone, as an item without bids.
 */
record LiveItem(@Nullable Long closesAtUs, String status, long bidCount, @Nullable ItemState.Lead lead,
                @Nullable Long priceCents, long minimumBidCents, @Nullable Boolean reserveMet,
                @Nullable String closedReason, @Nullable Outcome outcome) {

    /** The result of a closed item: the winner and the price, or no sale (no bid, or the reserve not met). */
    record Outcome(@Nullable String winner, @Nullable Long priceCents) {

        boolean sold() {
            return winner != null;
        }
    }

    static LiveItem of(ItemDoc doc, @Nullable ItemState.Snapshot state, long nowUs) {
        ItemState.Snapshot live = state == null ? new ItemState.Snapshot(catalogueOnly(doc)) : state;
        Long closesAt = live.closesAtUs().orElse(doc.closesAtUs());
        Optional<String> buyNow = live.closedReason();
        boolean closed = buyNow.isPresent() || (closesAt != null && nowUs >= closesAt);
        String status = doc.opensAtUs() != null && nowUs < doc.opensAtUs() && !closed ? "scheduled"
                : closed ? "closed" : "open";
        Long price = live.priceCents().orElse(null);
        Optional<Long> reserve = live.reserveCents();
        Boolean reserveMet = reserve.isEmpty() ? null : price != null && price >= reserve.get();
        ItemState.Lead lead = live.lead().orElse(null);
        String reason = closed ? buyNow.orElse("time") : null;
        Outcome outcome = null;
        if (closed) {
            boolean sold = lead != null && price != null && !Boolean.FALSE.equals(reserveMet);
            outcome = sold ? new Outcome(lead.user(), price) : new Outcome(null, null);
        }
        return new LiveItem(closesAt, status, live.bidCount(), lead, price, live.minimumBidCents(), reserveMet,
                reason, outcome);
    }

    private static Map<String, String> catalogueOnly(ItemDoc doc) {
        return doc.rules().presentFields();
    }
}
