package dev.gavel.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The faults injected so far, each with the moment it began and the moment its component was back. */
final class FaultTimeline {

    /** How far around a write a fault still counts as "around it": recovery and retries blur the edges. */
    private static final Duration MARGIN = Duration.ofSeconds(3);

    record Fault(String name, Instant start, Instant recovered) {

        @Override
        public String toString() {
            return name + " " + start + " .. " + recovered + " (" + Duration.between(start, recovered).toMillis() + " ms)";
        }
    }

    private final List<Fault> faults = new ArrayList<>();

    synchronized void add(Fault fault) {
        faults.add(fault);
    }

    synchronized List<Fault> all() {
        return List.copyOf(faults);
    }

    /** The faults active within a few seconds of [from, to], for a violation's message. */
    synchronized String around(Instant from, Instant to) {
        List<String> near = new ArrayList<>();
        for (Fault fault : faults) {
            if (!fault.start().isAfter(to.plus(MARGIN)) && !fault.recovered().isBefore(from.minus(MARGIN))) {
                near.add(fault.toString());
            }
        }
        return near.isEmpty() ? "no fault around it" : "faults around it: " + String.join("; ", near);
    }
}
