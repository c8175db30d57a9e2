package dev.gavel.bench.live;

import java.util.concurrent.atomic.LongAdder;

/** Totals every subscriber adds to from its event loop: bid events received (fast and slow apart) and bytes. */
final class Counters {

    private final LongAdder fastEvents = new LongAdder();
    private final LongAdder slowEvents = new LongAdder();
    private final LongAdder bytes = new LongAdder();

    void bidEvent(boolean slow) {
        (slow ? slowEvents : fastEvents).increment();
    }

    void bytes(int n) {
        bytes.add(n);
    }

    long fastEvents() {
        return fastEvents.sum();
    }

    long slowEvents() {
        return slowEvents.sum();
    }

    long bytes() {
        return bytes.sum();
    }
}
