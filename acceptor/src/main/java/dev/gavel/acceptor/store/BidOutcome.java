package dev.gavel.acceptor.store;

/** What bid.lua answered: accepted with its sequence number, or why not. */
public sealed interface BidOutcome {

    record Accepted(long seq, boolean leading) implements BidOutcome {
    }

    /** An Idempotency-Key replay: the first request's bid, accepted at its arrival time {@code tsMicros}. */
    record Replayed(Accepted accepted, long tsMicros) implements BidOutcome {
    }

    record NotFound() implements BidOutcome {
    }

    /** The item is not open: {@code scheduled} (opens at {@code atMicros}) or {@code closed} (closed at it). */
    record NotOpen(boolean scheduled, long atMicros) implements BidOutcome {
    }
}
