package dev.gavel.bench.runner;

import java.util.Map;
import java.util.Optional;

/** Results as a run would record them, for the report's tests. */
final class Fixtures {

    private Fixtures() {
    }

    static ScenarioResult result(String name, double rps, long p50Us, long p99Us, Map<String, Double> cpu, Optional<ArchiveLag> lag) {
        LoadResult load = new LoadResult(Math.round(rps * 10), 10, rps, p50Us, p50Us * 2, p99Us, p99Us * 2, 0, 0, 0, 0, 0, Map.of());
        return new ScenarioResult(name, ScenarioResult.State.OK, "", Optional.of(load), "1.00 1.00 1.00 -> 2.00 1.50 1.20",
                new CpuUse(cpu, 3), Optional.of(new AofRewrites(0, 0, 0)), lag);
    }

    static Optional<ArchiveLag> lag(double seconds) {
        return Optional.of(new ArchiveLag(seconds, seconds > 0 ? 1000 : 0, 16, 0.2));
    }
}
