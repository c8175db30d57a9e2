package dev.gavel.bench.runner;

import java.util.Optional;

/**
 * One measured (or skipped) scenario as the report shows it.
 *
 * @param detail why it was not measured, or a note on how it ran
 * @param load   load average (1, 5, 15 min) before and after, "a b c -> d e f"
 * @param lag    archive lag at the end of the measured run; empty for a reference or with the archive off
 */
record ScenarioResult(String name, State state, String detail, Optional<LoadResult> result, String load, CpuUse cpu,
                      Optional<AofRewrites> rewrites, Optional<ArchiveLag> lag) {

    enum State { OK, FAILED, NOT_AVAILABLE }

    static ScenarioResult notMeasured(String name, State state, String detail) {
        return new ScenarioResult(name, state, detail, Optional.empty(), "", CpuUse.NONE, Optional.empty(), Optional.empty());
    }

    boolean ok() {
        return state == State.OK && result.isPresent();
    }

    /** Measured, and the archive was under 2 s behind at its end (or no archive lag applies). */
    boolean sustained() {
        return ok() && lag.map(ArchiveLag::sustained).orElse(true);
    }
}
