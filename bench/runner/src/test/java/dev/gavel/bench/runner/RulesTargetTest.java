package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Issue 13's cost target compares bids-rules with bids-rising (the same load without the rules), counts only
 * when both loads were clean, says how clean they were, and states the ratio to bids-nginx beside it.
 */
class RulesTargetTest {

    private static final String TARGET = "Rules on (ladder, maximum bids from half the users): Redis CPU per bid <= 1.2 x"
            + " the same load without rules (bids-rising), at most 2.00% of its bids refused";

    @Test
    void shouldCompareTheRulesWithTheSameLoadWithoutThemAndStateTheRatioToBidsNginx() {
        Targets.Row row = row(List.of(nginx(10.0), rising(10_000, 0, 12.0), rules(10_000, 12, 13.0)));

        assertEquals(TARGET, row.target());
        assertEquals("1.08 x (bids-rules redis 13 us, bids-rising redis 12 us per request); refused (non-2xx) 0.12% of"
                + " 10000 bids, bids-rising 0.00% of 10000; against bids-nginx (random amounts): 1.30 x (bids-rules redis"
                + " 13 us, bids-nginx redis 10 us per request)", row.measured());
        assertEquals(Targets.MET, row.verdict());
    }

    @Test
    void shouldMissTheTargetWhenTheRulesCostMoreThanTheBudgetOverTheSameLoadWithoutThem() {
        Targets.Row row = row(List.of(nginx(16.0), rising(10_000, 0, 10.0), rules(10_000, 0, 13.0)));

        assertEquals(Targets.MISSED, row.verdict());
        assertEquals("1.30 x (bids-rules redis 13 us, bids-rising redis 10 us per request); refused (non-2xx) 0.00% of"
                + " 10000 bids, bids-rising 0.00% of 10000; against bids-nginx (random amounts): 0.81 x (bids-rules redis"
                + " 13 us, bids-nginx redis 16 us per request)", row.measured());
    }

    @Test
    void shouldMissTheTargetWhenTooManyBidsWereRefusedWhateverTheCpu() {
        Targets.Row row = row(List.of(rising(10_000, 0, 12.0), rules(10_000, 4400, 13.0)));

        assertEquals("1.08 x (bids-rules redis 13 us, bids-rising redis 12 us per request); refused (non-2xx) 44.00% of"
                + " 10000 bids, bids-rising 0.00% of 10000: the load was not clean", row.measured());
        assertEquals(Targets.MISSED, row.verdict());
    }

    @Test
    void shouldMissTheTargetWhenTheLoadWithoutRulesWasNotClean() {
        Targets.Row row = row(List.of(rising(10_000, 300, 12.0), rules(10_000, 0, 13.0)));

        assertEquals(Targets.MISSED, row.verdict());
    }

    @Test
    void shouldNotMeasureTheTargetAgainstBidsNginxAlone() {
        Targets.Row row = row(List.of(nginx(12.0), rules(10_000, 0, 13.0)));

        assertEquals("CPU ratio -; refused (non-2xx) 0.00% of 10000 bids; against bids-nginx (random amounts): 1.08 x"
                + " (bids-rules redis 13 us, bids-nginx redis 12 us per request)", row.measured());
        assertEquals(Targets.NOT_MEASURED, row.verdict());
    }

    @Test
    void shouldSayNotMeasuredWithoutTheScenario() {
        Targets.Row row = row(List.of(nginx(12.0), rising(10_000, 0, 12.0)));

        assertEquals(Targets.NOT_MEASURED, row.verdict());
    }

    private static ScenarioResult nginx(double redisUs) {
        return Fixtures.result("bids-nginx", 16_000, 3000, 14_000, Map.of("redis", redisUs), Optional.empty());
    }

    private static ScenarioResult rising(long requests, long refused, double redisUs) {
        return load("bids-rising", requests, refused, redisUs);
    }

    private static ScenarioResult rules(long requests, long refused, double redisUs) {
        return load("bids-rules", requests, refused, redisUs);
    }

    private static ScenarioResult load(String scenario, long requests, long refused, double redisUs) {
        LoadResult load = new LoadResult(requests, 10, requests / 10.0, 1000, 2000, 3000, 4000, refused, 0, 0, 0, 0, Map.of());
        return new ScenarioResult(scenario, ScenarioResult.State.OK, "", Optional.of(load),
                "1.00 1.00 1.00 -> 2.00 1.50 1.20", new CpuUse(Map.of("redis", redisUs), 3), Optional.of(new AofRewrites(0, 0, 0)),
                Optional.empty());
    }

    private static Targets.Row row(List<ScenarioResult> run) {
        Notes notes = new Notes();
        notes.put("archive", "on");
        return new Targets(new Results(new ArrayList<>(run)), notes).rows().stream().filter(r -> r.target().equals(TARGET))
                .findFirst().orElseThrow();
    }
}
