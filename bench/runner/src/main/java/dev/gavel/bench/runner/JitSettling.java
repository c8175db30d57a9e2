package dev.gavel.bench.runner;

import java.io.IOException;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The JIT warm-up rule of {@link ScenarioRunner#warmJvm} for a warm-up the runner does not drive with wrk
 * alone (the live scenarios, where the load tool probes and the runner only keeps the bid load going): a
 * first round of the warm-up time asked for, then rounds of {@link ScenarioRunner#JIT_ROUND_S} s while the
 * compiler threads used more than {@link ScenarioRunner#JIT_SETTLED_CORES} of a core in the last round, for
 * at most {@link ScenarioRunner#JIT_EXTRA_LIMIT_S} s more.
 */
final class JitSettling {

    /** One round of warm-up load, {@code seconds} long, starting {@code elapsed} s into the warm-up. */
    interface Round {
        void run(int seconds, int elapsed) throws IOException;
    }

    /** What the warm-up took: its length, the compiler threads' share of a core in its last round, and that round's length. */
    record Outcome(int seconds, double lastCores, int lastRoundSeconds) {

        boolean settled() {
            return lastCores <= ScenarioRunner.JIT_SETTLED_CORES;
        }

        /** As warmJvm notes it for the report. */
        String text() {
            return String.format(Locale.ROOT, "%d s; compiler threads at %.0f %% of a core in its last %d s%s", seconds, lastCores * 100,
                    lastRoundSeconds, settled() ? "" : " (not settled: stopped at the limit)");
        }
    }

    private JitSettling() {
    }

    /** {@code compilerTicks}: the compiler threads' CPU ticks so far (JitActivity over the JVMs warmed). */
    static Outcome warm(int minimumSeconds, Round round, LongSupplier compilerTicks, long ticksPerSecond) throws IOException {
        int seconds = minimumSeconds;
        int total = 0;
        while (true) {
            long before = compilerTicks.getAsLong();
            round.run(seconds, total);
            total += seconds;
            double cores = (compilerTicks.getAsLong() - before) / (double) ticksPerSecond / seconds;
            if (cores <= ScenarioRunner.JIT_SETTLED_CORES || total >= minimumSeconds + ScenarioRunner.JIT_EXTRA_LIMIT_S) {
                return new Outcome(total, cores, seconds);
            }
            seconds = ScenarioRunner.JIT_ROUND_S;
        }
    }
}
