package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.bench.runner.PrometheusTotals.Total;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LatencyStagesTest {

    /** A 20-connection run of 10 s whose mean latency is meanUs: 20 x 10 s / meanUs requests. */
    private static ScenarioResult result(String name, long meanUs, long p50Us, long p99Us) {
        long requests = 200_000_000L / meanUs;
        LoadResult load = new LoadResult(requests, 10, requests / 10.0, p50Us, p50Us * 2, p99Us, p99Us * 2, 0, 0, 0, 0, 0, Map.of());
        return new ScenarioResult(name, ScenarioResult.State.OK, "", Optional.of(load), "1.00 1.00 1.00 -> 1.00 1.00 1.00",
                new CpuUse(Map.of("acceptor", 50.0), 3), Optional.empty(), Optional.empty());
    }

    private static Results run() {
        return new Results(List.of(
                result("ref-script-c20", 800, 800, 2000),
                result("bids-direct-c20", 4000, 3500, 20_000),
                result("bids-nginx-c20", 5000, 4000, 19_000),
                result("ref-nginx-set-c20", 1250, 1100, 7000)));
    }

    private static Notes notes() {
        Notes notes = new Notes();
        notes.put(LatencyStages.noteKey("ref-script-c20"),
                new StageWindow("", Total.NONE, Total.NONE, new RedisWork.Command(250_000, 37_500_000)).toNote());
        StageWindow bids = new StageWindow("PUT /items/:item/bids", new Total(30, 10_000), new Total(25, 10_000),
                new RedisWork.Command(12_000, 3_600_000));
        notes.put(LatencyStages.noteKey("bids-direct-c20"), bids.toNote());
        notes.put(LatencyStages.noteKey("bids-nginx-c20"), bids.toNote());
        return notes;
    }

    @Test
    void shouldSplitABidsMeanIntoItsStages() {
        // when
        LatencyStages.Row direct = LatencyStages.rows(run(), notes()).get(1);

        // then 4.0 ms at the client = 1.0 outside + 3.0 in the acceptor, of which 2.5 waiting for Redis,
        // whose round trip is 0.3 of script and 2.2 of the rest
        assertEquals("bids-direct-c20", direct.scenario());
        assertTrue(direct.nginxUs().isEmpty());
        assertEquals(1000.0, direct.outsideAcceptorUs().orElseThrow(), 1e-6);
        assertEquals(3000.0, direct.acceptorUs().orElseThrow(), 1e-6);
        assertEquals(500.0, direct.acceptorOwnUs().orElseThrow(), 1e-6);
        assertEquals(2500.0, direct.roundTripUs().orElseThrow(), 1e-6);
        assertEquals(300.0, direct.scriptUs().orElseThrow(), 1e-6);
        assertEquals(1.2, direct.scriptCallsPerRequest(), 1e-9);
        assertEquals(2200.0, direct.restUs().orElseThrow(), 1e-6);
    }

    @Test
    void shouldTakeTheClientsMeanByLittlesLawAsAbDoes() throws IOException {
        // given ab's real report: 10,000 requests, 20 concurrent, 11.63 s, "Time per request: 23.260 [ms] (mean)"
        String output;
        try (InputStream in = getClass().getResourceAsStream("/ab-certificates.txt")) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        LoadResult ab = LoadResult.fromAbOutput(output).orElseThrow();

        // then
        assertEquals(23_260.0, LatencyStages.clientMeanUs("certificates-ab", ab).orElseThrow(), 1e-6);
        assertTrue(LatencyStages.clientMeanUs("bids-nginx", ab).isEmpty(), "a scenario of another concurrency has no such mean");
    }

    @Test
    void shouldChargeNginxTheDifferenceOfTheTwoMeans() {
        LatencyStages.Row nginx = LatencyStages.rows(run(), notes()).get(2);
        assertEquals("bids-nginx-c20", nginx.scenario());
        assertEquals(1000.0, nginx.nginxUs().orElseThrow(), 1e-6);
        assertEquals(1000.0, nginx.outsideAcceptorUs().orElseThrow(), 1e-6);
    }

    @Test
    void shouldLeaveABareServerOnlyItsScriptAndTheRest() {
        LatencyStages.Row ref = LatencyStages.rows(run(), notes()).get(0);
        assertEquals(150.0, ref.scriptUs().orElseThrow(), 1e-6);
        assertEquals(1.0, ref.scriptCallsPerRequest(), 1e-9);
        assertEquals(650.0, ref.restUs().orElseThrow(), 1e-6);
        assertTrue(ref.acceptorUs().isEmpty());
    }

    @Test
    void shouldWriteTheBreakdownIntoTheReport() {
        Notes notes = notes();
        notes.put("duration", "20");
        String md = Report.markdown(run(), notes, "");
        assertTrue(md.contains("### Where a request's milliseconds go (20 clients)"), md);
        assertTrue(md.contains("| bids-direct-c20 | 4.00 | 3.50 / 20.00 | - | 1.00 | 3.00 | 0.50 | 2.50 (1.00) | 0.30 (1.20) | 2.20 |"), md);
        assertTrue(md.contains("| bids-nginx-c20 | 5.00 | 4.00 / 19.00 | 1.00 | 1.00 | 3.00 |"), md);
        assertTrue(md.contains("| ref-script-c20 | 0.80 | 0.80 / 2.00 | - | - | - | - | - | 0.15 (1.00) | 0.65 |"), md);
        // a scenario without a window still shows what its client measured
        assertTrue(md.contains("| ref-nginx-set-c20 | 1.25 | 1.10 / 7.00 | - | - | - | - | - | - | - |"), md);
    }
}
