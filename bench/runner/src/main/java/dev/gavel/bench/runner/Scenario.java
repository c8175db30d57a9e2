package dev.gavel.bench.runner;

import java.util.Optional;

/**
 * One row of the scenario table: what is loaded, and which reference of the same run its figures are
 * divided by. {@code connections} overrides wrk's -c for the scenarios that state their concurrency.
 * {@code redisShards} is 1 for the main stack (one Redis); more for a scenario that runs on a stack of
 * its own whose Redis is a local Redis Cluster of that many primaries, started once the main stack is
 * stopped (so such scenarios come last).
 */
record Scenario(String name, Optional<String> reference, Weight weight, Optional<Integer> connections, String description,
                int redisShards) {

    /** A main scenario runs for the whole duration, a secondary one for half of it. */
    enum Weight { MAIN, SECONDARY }

    /** A scenario of the main stack, on one Redis. */
    Scenario(String name, Optional<String> reference, Weight weight, Optional<Integer> connections, String description) {
        this(name, reference, weight, connections, description, 1);
    }

    boolean isReference() {
        return isReference(name);
    }

    /** Whether it runs on the cluster stack rather than the main one. */
    boolean onCluster() {
        return redisShards > 1;
    }

    /** Whether it is a live stream scenario, whose row counts delivered events and their delays, not requests. */
    static boolean isLive(String name) {
        return name.startsWith("live-");
    }

    /** Whether a scenario's (or one of its results') name is a reference's: they all start with "ref-". */
    static boolean isReference(String name) {
        return name.startsWith("ref-");
    }
}
