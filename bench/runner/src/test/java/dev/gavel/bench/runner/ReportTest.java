package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ReportTest {

    private static final List<ScenarioResult> RUN = List.of(
            Fixtures.result("ref-set", 40_000, 1000, 8000, Map.of("ref-server", 18.0, "ref-redis", 5.0), Optional.empty()),
            Fixtures.result("ref-script", 30_000, 1000, 8000, Map.of("ref-script", 20.0, "ref-redis", 10.0), Optional.empty()),
            Fixtures.result("bids-direct", 10_000, 3000, 12_000,
                    Map.of("acceptor", 22.0, "redis", 12.0, "processor-x", 1.0, "processor", 15.0, "mongo", 6.0, "loadgen", 8.0),
                    Fixtures.lag(0.4)),
            Fixtures.result("ref-nginx-set", 30_000, 1000, 9000, Map.of("ref-server", 15.0, "ref-redis", 5.0, "ref-nginx", 16.0),
                    Optional.empty()),
            Fixtures.result("bids-nginx", 16_000, 3000, 14_000,
                    Map.of("acceptor", 30.0, "redis", 12.0, "nginx", 20.0, "processor", 25.0, "mongo", 10.0), Fixtures.lag(0.5)),
            Fixtures.result("ref-nginx-set-c20", 20_000, 800, 3000, Map.of("ref-server", 15.0), Optional.empty()),
            Fixtures.result("bids-nginx-c20", 8000, 1900, 9000, Map.of("acceptor", 30.0), Fixtures.lag(0.1)),
            Fixtures.result("ref-nginx-ab", 5000, 3000, 15_000, Map.of("ref-server", 40.0), Optional.empty()),
            Fixtures.result("certificates-ab", 4000, 4000, 18_000, Map.of("acceptor", 50.0), Fixtures.lag(2.0)),
            Fixtures.result("ref-nginx-204", 100_000, 500, 2000, Map.of("ref-nginx", 5.0), Optional.empty()),
            Fixtures.result("reads-nginx-winner", 16_000, 2000, 12_000, Map.of("query", 80.0, "nginx", 20.0), Optional.empty()),
            ScenarioResult.notMeasured("impressions", ScenarioResult.State.NOT_AVAILABLE, "(POST /items/{item}/impressions: 404)"));

    private static String report() {
        Notes notes = new Notes();
        notes.put("duration", "30");
        notes.put("archive", "on");
        return Report.markdown(new Results(RUN), notes, "# bids-direct\nwrk -t2 -c64 -d30s\n");
    }

    @Test
    void shouldGiveEveryProcessGroupItsOwnCpuColumn() {
        // a component no list names (processor-x) still gets a column, after the known ones, loadgen last
        assertEquals(List.of("acceptor", "redis", "mongo", "processor", "nginx", "ref-server", "ref-script", "ref-redis", "ref-nginx",
                "query", "processor-x", "loadgen").stream().sorted().toList(), Report.groups(RUN).stream().sorted().toList());
        List<String> groups = Report.groups(RUN);
        assertEquals("acceptor", groups.get(0));
        assertEquals("loadgen", groups.get(groups.size() - 1));
        assertTrue(groups.indexOf("processor-x") > groups.indexOf("ref-nginx"));
        assertTrue(report().contains("| bids-direct | 22 | 12 | 6 | – | 15 | – | – | – | – | – | 1 | 8 | 56 | 3% |"), report());
    }

    @Test
    void shouldDivideEachScenarioByItsReference() {
        String md = report();
        assertTrue(md.contains("| bids-direct | 10000 | 3.00 | 6.00 | 12.00 | 24.00 | 0/0 | 0.4 | yes | 0.2 | ref-set | 0.25 | 0.41 |"), md);
        // a result named after its scenario (reads-nginx-winner) has that scenario's reference
        assertTrue(md.contains("| reads-nginx-winner | 16000 | 2.00 | 4.00 | 12.00 | 24.00 | 0/0 | - | - | - | ref-nginx-204 | 0.16 | 0.05 |"), md);
    }

    @Test
    void shouldCompareEachProcessWithItsCounterpartInTheReference() {
        String md = report();
        assertTrue(md.contains("| bids-nginx | ref-nginx-set | 30 / 15 = 2.00 | 12 / 5 = 2.40 | 20 / 16 = 1.25 | 35 |"), md);
        // nginx answering 204 has no server and no Redis to divide by
        assertTrue(md.contains("| reads-nginx-winner | ref-nginx-204 | 80 | – | 20 / 5 = 4.00 | 0 |"), md);
    }

    @Test
    void shouldFlagARateThatLeftABacklogAsNotSustained() {
        String md = report();
        assertTrue(md.contains("| certificates-ab | 4000 | 4.00 | 8.00 | 18.00 | 36.00 | 0/0 | 2.0 | **no** |"), md);
        assertTrue(md.contains("| Pulley's ab -n 10000 -c 20 on /certificates, no keep-alive, >= 0.6 x the same ab against nginx -> bare"
                + " server, p99 < 20 ms | 0.80 (CPU ratio 0.80), p99 18.00 ms, not sustained: archive lag 2.0 s | MISSED |"), md);
    }

    @Test
    void shouldCheckIssue12sTargets() {
        String md = report();
        assertTrue(md.contains("| Redis CPU per bid <= 1.3 x its CPU per request under the minimal-script reference"
                + " | 1.20 x (bids-direct redis 12 us, ref-script redis 10 us per request) | met |"), md);
        assertTrue(md.contains("| Acceptor CPU per bid <= 1.3 x the bare server's | 1.22 x (bids-direct acceptor 22 us, ref-set server 18 us"
                + " per request) | met |"), md);
        assertTrue(md.contains("| Processor + embedded MongoDB CPU per bid <= the acceptor's | 1.17 x (bids-nginx processor + query + mongo"
                + " 35 us, acceptor 30 us per request) | MISSED |"), md);
        assertTrue(md.contains("| Bids through nginx, full stack >= 0.5 x nginx -> bare server, p99 < 15 ms | 0.53 (CPU ratio 0.37),"
                + " p99 14.00 ms | met |"), md);
        assertTrue(md.contains("| Bids at 20 connections (wrk -c20 through nginx): p50 < 2 ms, p99 < 10 ms | p50 1.90 ms, p99 9.00 ms,"
                + " 8000 req/s (ratio to nginx -> bare server at 20 connections: 0.40) | met |"), md);
        assertTrue(md.contains("| Impressions through nginx >= 0.8 x nginx -> bare server | - | not measured |"), md);
        assertTrue(md.contains("| Redis Cluster of 3 primaries: Redis CPU per bid (the nodes together) <= 1.2 x one Redis's, bids through"
                + " nginx | - | not measured |"), md);
        assertTrue(md.contains("| impressions | not available (POST /items/{item}/impressions: 404) |"), md);
    }

    @Test
    void shouldCheckTheClustersRedisCpuAgainstOneRedisAndStateTheRateRatio() {
        // given bids-cluster3 whose 3 nodes together cost 14 us of Redis CPU per bid, bids-nginx's one Redis 12 us
        List<ScenarioResult> run = new ArrayList<>(RUN);
        run.add(Fixtures.result("bids-cluster3", 12_000, 3500, 16_000,
                Map.of("acceptor", 31.0, "redis", 14.0, "nginx", 20.0, "processor", 30.0, "mongo", 10.0), Fixtures.lag(0.6)));
        Notes notes = new Notes();
        notes.put("duration", "30");
        notes.put("cluster", "the bids-cluster3 stack: GAVEL_REDIS_SHARDS=3");

        // when
        String md = Report.markdown(new Results(run), notes, "");

        // then: the verdict on Redis CPU, the bids/s ratio with it, and the per-process comparison with one Redis
        assertTrue(md.contains("| Redis Cluster of 3 primaries: Redis CPU per bid (the nodes together) <= 1.2 x one Redis's, bids through"
                + " nginx | 1.17 x (bids-cluster3 redis 14 us, bids-nginx redis 12 us per request); bids/s 0.75 x bids-nginx's"
                + " (CPU ratio 0.92) | met |"), md);
        assertTrue(md.contains("| bids-cluster3 | bids-nginx | 31 / 30 = 1.03 | 14 / 12 = 1.17 | 20 / 20 = 1.00 | 40 |"), md);
        assertTrue(md.contains("- Cluster: the bids-cluster3 stack: GAVEL_REDIS_SHARDS=3.\n"), md);
    }

    @Test
    void shouldSayHowLongEachJitWarmUpTookUntilTheCompilersSettled() {
        Notes notes = new Notes();
        notes.put("jit-warmup", "10");
        notes.put("jit-settled-stack", "45 s; compiler threads at 3 % of a core in its last 5 s");

        String md = Report.markdown(new Results(RUN), notes, "");

        assertTrue(md.contains("until the JVMs' JIT compiler threads used at most 5 % of a core in a round (at most 60 s more)."), md);
        assertTrue(md.contains("  - stack: 45 s; compiler threads at 3 % of a core in its last 5 s.\n"), md);
        assertFalse(md.contains("  - reference:"), md);
    }

    @Test
    void shouldSayWhatEachLiveWarmUpTook() {
        Notes notes = new Notes();
        notes.put("live-warmup-live-spread", "25 s; compiler threads at 4 % of a core in its last 5 s");

        String md = Report.markdown(new Results(RUN), notes, "");

        assertTrue(md.contains("- live-spread's warm-up, after its streams opened and before its measured window"), md);
        assertTrue(md.contains("compiler threads): 25 s; compiler threads at 4 % of a core in its last 5 s.\n"), md);
        assertFalse(md.contains("- live-hot's warm-up"), md);
    }

    @Test
    void shouldMissTheClusterTargetAbove1Point2TimesOneRedis() {
        List<ScenarioResult> run = new ArrayList<>(RUN);
        run.add(Fixtures.result("bids-cluster3", 12_000, 3500, 16_000, Map.of("redis", 15.0), Fixtures.lag(3.0)));

        String md = Report.markdown(new Results(run), new Notes(), "");

        assertTrue(md.contains("| 1.25 x (bids-cluster3 redis 15 us, bids-nginx redis 12 us per request); bids/s 0.75 x bids-nginx's"
                + " (CPU ratio 6.47), not sustained: archive lag 3.0 s | MISSED |"), md);
    }

    @Test
    void shouldSayWhenTheRunWasShorterThanTheTargets() {
        Notes notes = new Notes();
        notes.put("duration", "5");
        assertTrue(Report.markdown(new Results(RUN), notes, "").contains("this run measured 5 s per main scenario"));
    }
}
