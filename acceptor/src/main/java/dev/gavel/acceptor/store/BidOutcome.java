package dev.gavel.acceptor.store;

/** What bid.lua answered: accepted with its sequence number, or why not. */
public sealed interface BidOutcome {

    record Accepted(long seq, boolean leading) implements BidOutcome {
    }

    record NotFound() implements BidOutcome {
    }

    /** The item is not open: {@code scheduled} (opens at {@code atMicros}) or {@code closed} (closed at it). */
    record NotOpen(boolean scheduled, long atMicros) implements BidOutcome {
    }
}
