package dev.gavel.acceptor.store;

import java.util.OptionalLong;

/** What bid.lua answered: accepted with its sequence number and the item's state after it, or why not. */
public sealed interface BidOutcome {

    /** No closing time. */
    long NO_CLOSE = -1L;
    /** A money field a reply recorded before the rules existed does not hold (an Idempotency-Key replay). */
    long UNKNOWN = -1L;

    /**
     * The bid was recorded as {@code seq} with amount {@code amountCents} (the buy-now price for a bid that
     * bought the item). {@code leading}: its bidder leads after it. {@code autoSeq}: the leader's automatic
     * bid recorded right after it, 0 when none. {@code closesAtMicros} is {@link #NO_CLOSE} for an item
     * that never closes; {@code closed} once a buy-now closed the item at this bid's time.
     */
    record Accepted(long seq, boolean leading, long priceCents, long minimumBidCents, long closesAtMicros,
                    boolean closed, long autoSeq, long amountCents) implements BidOutcome {
    }

    /** An Idempotency-Key replay: the first request's bid, accepted at its arrival time {@code tsMicros}. */
    record Replayed(Accepted accepted, long tsMicros, OptionalLong maxCents) implements BidOutcome {
    }

    record NotFound() implements BidOutcome {
    }

    /** The item is not open: {@code scheduled} (opens at {@code atMicros}) or {@code closed} (closed at it). */
    record NotOpen(boolean scheduled, long atMicros) implements BidOutcome {
    }

    /** Refused: the firm amount is below the item's current minimum bid (409 bid_too_low). */
    record TooLow(long minimumBidCents) implements BidOutcome {
    }
}
