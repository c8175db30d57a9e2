package dev.gavel.bench.live;

import java.util.concurrent.atomic.LongAdder;

/** Totals every subscriber adds to from its event loop: bid events received, by reading and by never-reading streams. */
final class Counters {

    private final LongAdder fastEvents = new LongAdder();
    private final LongAdder slowEvents = new LongAdder();

    void bidEvent(boolean slow) {
        (slow ? slowEvents : fastEvents).increment();
    }

    long fastEvents() {
        return fastEvents.sum();
    }

    long slowEvents() {
        return slowEvents.sum();
    }
}
