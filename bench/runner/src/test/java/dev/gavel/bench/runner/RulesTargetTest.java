package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Issue 13's cost target counts only when the bids-rules load was clean, and says how clean it was. */
class RulesTargetTest {

    private static final String TARGET = "Rules on (ladder, maximum bids from half the users): Redis CPU per bid <= 1.2 x"
            + " bids-nginx's, at most 2.00% of its bids refused";

    @Test
    void shouldReportTheShareOfBidsRefusedWithTheCpuRatio() {
        Targets.Row row = rulesRow(10_000, 12);

        assertEquals(TARGET, row.target());
        assertEquals("1.08 x (bids-rules redis 13 us, bids-nginx redis 12 us per request); refused (non-2xx) 0.12% of"
                + " 10000 bids", row.measured());
        assertEquals(Targets.MET, row.verdict());
    }

    @Test
    void shouldMissTheTargetWhenTooManyBidsWereRefusedWhateverTheCpu() {
        Targets.Row row = rulesRow(10_000, 4400);

        assertEquals("1.08 x (bids-rules redis 13 us, bids-nginx redis 12 us per request); refused (non-2xx) 44.00% of"
                + " 10000 bids: the load was not clean", row.measured());
        assertEquals(Targets.MISSED, row.verdict());
    }

    @Test
    void shouldShowTheShareRefusedWhenTheRatioCannotBeMade() {
        Targets.Row row = row(List.of(rules(10_000, 0)));

        assertEquals("CPU ratio -; refused (non-2xx) 0.00% of 10000 bids", row.measured());
        assertEquals(Targets.NOT_MEASURED, row.verdict());
    }

    @Test
    void shouldSayNotMeasuredWithoutTheScenario() {
        Targets.Row row = row(List.of(Fixtures.result("bids-nginx", 16_000, 3000, 14_000, Map.of("redis", 12.0),
                Optional.empty())));

        assertEquals(Targets.NOT_MEASURED, row.verdict());
    }

    private static Targets.Row rulesRow(long requests, long refused) {
        return row(List.of(Fixtures.result("bids-nginx", 16_000, 3000, 14_000, Map.of("redis", 12.0), Optional.empty()),
                rules(requests, refused)));
    }

    private static ScenarioResult rules(long requests, long refused) {
        LoadResult load = new LoadResult(requests, 10, requests / 10.0, 1000, 2000, 3000, 4000, refused, 0, 0, 0, 0, Map.of());
        return new ScenarioResult("bids-rules", ScenarioResult.State.OK, "", Optional.of(load),
                "1.00 1.00 1.00 -> 2.00 1.50 1.20", new CpuUse(Map.of("redis", 13.0), 3), Optional.of(new AofRewrites(0, 0, 0)),
                Optional.empty());
    }

    private static Targets.Row row(List<ScenarioResult> run) {
        Notes notes = new Notes();
        notes.put("archive", "on");
        return new Targets(new Results(run), notes).rows().stream().filter(r -> r.target().equals(TARGET)).findFirst()
                .orElseThrow();
    }
}
