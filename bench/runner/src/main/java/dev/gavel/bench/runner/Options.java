package dev.gavel.bench.runner;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What one invocation of bench/run asked for, validated. {@code scenarios} is empty for "all";
 * {@code out} is empty for the default bench/results/&lt;UTC date and time&gt;.
 */
record Options(
        Action action,
        int duration,
        int warmup,
        int jitWarmup,
        boolean archive,
        int connections,
        int threads,
        List<String> scenarios,
        int port,
        Optional<Path> out,
        boolean build,
        int hotRate) {

    /** What to do: measure, list the scenarios, print the usage, or render a report again. */
    enum Action { RUN, LIST, HELP, REPORT }

    static final int DEFAULT_DURATION = 10;
    static final int DEFAULT_WARMUP = 3;
    static final int DEFAULT_JIT_WARMUP = 10;
    static final int DEFAULT_CONNECTIONS = 64;
    static final int DEFAULT_THREADS = 2;
    static final int DEFAULT_PORT = 18480;

    /** Seconds measured for a scenario of this weight: secondary ones run half of the duration. */
    int secondsFor(Scenario.Weight weight) {
        return weight == Scenario.Weight.SECONDARY ? (duration + 1) / 2 : duration;
    }

    /** The flags that reproduce this run, for the report's first line. */
    String commandLine() {
        return "bench/run -d " + duration + " -w " + warmup + " -j " + jitWarmup + " -a " + (archive ? "on" : "off")
                + " -c " + connections + " -t " + threads
                + (hotRate == LiveLoad.HOT_PROBES_PER_SECOND ? "" : " --hot-rate " + hotRate)
                + (scenarios.isEmpty() ? "" : " -s " + String.join(",", scenarios));
    }
}
