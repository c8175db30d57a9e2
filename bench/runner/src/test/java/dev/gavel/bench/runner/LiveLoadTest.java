package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The live tool's JSON becomes a results row: events delivered as requests, delays as latencies, misses and drops as errors. */
class LiveLoadTest {

    static final String JSON = """
            {
              "subscribers_requested" : 1010,
              "subscribers_connected" : 1008,
              "subscribers_failed" : 2,
              "slow_subscribers" : 10,
              "slow_dropped" : 9,
              "probes_accepted" : 200,
              "events_measured" : 5000000,
              "measured_seconds" : 12.5,
              "deliveries_expected" : 200000,
              "deliveries_measured" : 199990,
              "missing_deliveries" : 10,
              "duplicates" : 0,
              "drops" : 3,
              "delay_p50_ms" : 4.25,
              "delay_p90_ms" : 20.0,
              "delay_p99_ms" : 87.123,
              "delay_p999_ms" : 140.5,
              "delay_max_ms" : 210.0,
              "split_probes" : 200,
              "answer_p50_ms" : 9.5,
              "answer_p99_ms" : 61.25,
              "first_arrival_p50_ms" : -1.5,
              "first_arrival_p99_ms" : 30.0,
              "spread_p50_ms" : 12.0,
              "spread_p99_ms" : 55.125,
              "rss_per_connection_bytes" : 52000,
              "tool_cpu_ms" : 7500
            }
            """;

    @Test
    void shouldMapTheToolsReportToARow() {
        LoadResult bids = new LoadResult(30_000, 13, 2307.7, 1000, 2000, 12_500, 30_000, 1, 0, 0, 0, 0, Map.of());
        LoadResult r = LiveLoad.result(JSON + "\nBENCH requests=30000", Optional.of(bids)).orElseThrow();

        assertEquals(5_000_000, r.requests());
        assertEquals(400_000, r.rps(), 0.1);
        assertEquals(4250, r.p50Us());
        assertEquals(87_123, r.p99Us());
        assertEquals(210_000, r.maxUs());
        assertEquals(10, r.non2xx());
        assertEquals(2, r.connectErrors());
        assertEquals(3, r.readErrors());
        assertEquals("140500", r.extra().get("delay_p999_us"));
        assertEquals("9", r.extra().get("slow_dropped"));
        assertEquals("52000", r.extra().get("rss_per_connection_bytes"));
        assertEquals("2307.7", r.extra().get("bids_rps"));
        assertEquals("12500", r.extra().get("bids_p99_us"));
        assertEquals("1", r.extra().get("bids_non2xx"));
        assertEquals("-1500", r.extra().get("first_arrival_p50_us"));
        assertEquals("55125", r.extra().get("spread_p99_us"));
        assertEquals(750, LiveLoad.toolTicks(JSON, 100));
    }

    @Test
    void shouldShowTheWindowAsALowerBoundWhenNoProbeArrived() {
        String none = JSON.replace("\"deliveries_measured\" : 199990", "\"deliveries_measured\" : 0")
                .replace("\"delay_p50_ms\" : 4.25", "\"delay_p50_ms\" : 0.0").replace("\"delay_p99_ms\" : 87.123", "\"delay_p99_ms\" : 0.0");
        LoadResult r = LiveLoad.result(none, Optional.empty()).orElseThrow();
        assertEquals(12_500_000, r.p50Us());
        assertEquals(12_500_000, r.p99Us());
        assertEquals("1", r.extra().get("delays_lower_bound"));
        ScenarioResult result = new ScenarioResult("live-hot", ScenarioResult.State.OK, "", Optional.of(r), "1 1 1 -> 1 1 1",
                new CpuUse(Map.of("query", 3.0), 0), Optional.empty(), Optional.empty());
        Targets.Row row = new Targets(new Results(List.of(result)), new Notes()).rows().stream()
                .filter(t -> t.target().startsWith("Live: 1000")).findFirst().orElseThrow();
        assertEquals(Targets.MISSED, row.verdict());
        assertTrue(row.measured().startsWith("no probe reached a subscriber within the 12.5 s window"), row.measured());
    }

    @Test
    void shouldGiveNoRowWithoutAReport() {
        assertTrue(LiveLoad.result("", Optional.empty()).isEmpty());
        assertTrue(LiveLoad.result("BENCH requests=10 rps=1.0", Optional.empty()).isEmpty());
    }

    @Test
    void shouldSurviveTheResultsFile() {
        LoadResult r = LiveLoad.result(JSON, Optional.empty()).orElseThrow();
        assertEquals(r, LoadResult.fromFields(r.fields()));
    }

    @Test
    void shouldCallTheToolOnLoopbackWithItsBounds() {
        List<String> command = LiveLoad.command(Path.of("/x/gavel-bench-live.jar"), "http://127.0.0.1:1", "http://127.0.0.1:2",
                List.of("--items", "bench-hot"), 1010, 10, 1, 10, 20, 42, Path.of("/r/live.json"), Path.of("/r/live.ready"), 10,
                Path.of("/r/live.warming"), Path.of("/r/live.warmed"));
        String line = String.join(" ", command);
        assertTrue(line.startsWith("java -Xms256m -Xmx1g -XX:+UseParallelGC -jar /x/gavel-bench-live.jar --stream-url http://127.0.0.1:1"
                + " --bid-url http://127.0.0.1:2 --items bench-hot --subscribers 1010 --slow 10"), line);
        assertTrue(line.contains("--duration 10 --probe-rate 20") && line.contains("--server-pid 42"), line);
    }

    @Test
    void shouldLetTheToolWarmUpUntilTheRunnerSaysSoWithinABoundOfItsOwn() {
        List<String> command = LiveLoad.command(Path.of("/x/gavel-bench-live.jar"), "http://127.0.0.1:1", "http://127.0.0.1:2",
                List.of("--items", "bench-hot"), 1010, 10, 1, 10, 20, 42, Path.of("/r/live.json"), Path.of("/r/live.ready"), 10,
                Path.of("/r/live.warming"), Path.of("/r/live.warmed"));
        String line = String.join(" ", command);
        int bound = 10 + ScenarioRunner.JIT_EXTRA_LIMIT_S + LiveLoad.WARMUP_SLACK_SECONDS;
        assertTrue(line.endsWith("--warming /r/live.warming --warmup-seconds " + bound + " --warmup-until /r/live.warmed"), line);

        List<String> none = LiveLoad.command(Path.of("/x/gavel-bench-live.jar"), "http://127.0.0.1:1", "http://127.0.0.1:2",
                List.of("--items", "bench-hot"), 1010, 10, 1, 10, 20, 42, Path.of("/r/live.json"), Path.of("/r/live.ready"), 0,
                Path.of("/r/live.warming"), Path.of("/r/live.warmed"));
        assertTrue(none.contains("--warming") && !none.contains("--warmup-seconds"), String.join(" ", none));
    }

    @Test
    void shouldCarryTheWarmUpsFiguresIntoTheRow() {
        String warmed = JSON.replace("\"tool_cpu_ms\" : 7500", "\"tool_cpu_ms\" : 7500,\n  \"warmup_probes_sent\" : 400,\n"
                + "  \"warmup_arrivals\" : 400000");
        LoadResult r = LiveLoad.result(warmed, Optional.empty()).orElseThrow();
        assertEquals("400", r.extra().get("warmup_probes_sent"));
        assertEquals("400000", r.extra().get("warmup_arrivals"));
    }
}
