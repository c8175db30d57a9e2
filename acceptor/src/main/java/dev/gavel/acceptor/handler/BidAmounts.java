package dev.gavel.acceptor.handler;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A bid's firm amount and, when the bidder gave one, its maximum bid (ceiling), both in cents. The
 * ceiling is secret: only the bid script and its own bidder's answer ever see it.
 */
public record BidAmounts(long amountCents, OptionalLong maxCents) {

    public BidAmounts {
        Objects.requireNonNull(maxCents, "maxCents");
    }

    static BidAmounts of(long amountCents) {
        return new BidAmounts(amountCents, OptionalLong.empty());
    }

    /** What an Idempotency-Key's fingerprint covers; a bid without a ceiling keeps its v1 fingerprint. */
    String fingerprint() {
        return maxCents.isPresent()
                ? "amount_cents=" + amountCents + ",max_amount_cents=" + maxCents.getAsLong()
                : "amount_cents=" + amountCents;
    }

    /** Hidden from toString so that no log line can carry a ceiling. */
    @Override
    public String toString() {
        return "BidAmounts[amountCents=" + amountCents + ", maxCents=" + (maxCents.isPresent() ? "<secret>" : "none") + "]";
    }
}
