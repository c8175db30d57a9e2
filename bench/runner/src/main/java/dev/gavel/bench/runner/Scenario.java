package dev.gavel.bench.runner;

import java.util.Optional;

/**
 * One row of the scenario table: what is loaded, and which reference of the same run its figures are
 * divided by. {@code connections} overrides wrk's -c for the scenarios that state their concurrency.
 */
record Scenario(String name, Optional<String> reference, Weight weight, Optional<Integer> connections, String description) {

    /** A main scenario runs for the whole duration, a secondary one for half of it. */
    enum Weight { MAIN, SECONDARY }

    boolean isReference() {
        return isReference(name);
    }

    /** Whether a scenario's (or one of its results') name is a reference's: they all start with "ref-". */
    static boolean isReference(String name) {
        return name.startsWith("ref-");
    }
}
