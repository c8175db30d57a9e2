package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.bench.runner.PrometheusTotals.Total;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StageWindowTest {

    @Test
    void shouldTakeTheBusiestRouteAndTheScriptsOfTheWindow() throws IOException {
        // given a scrape and INFO commandstats before, and after 10,000 more bids, 12,000 more EVALSHAs and two scrapes of /metrics
        StageWindow.Snapshot before = StageWindow.Snapshot.of(PrometheusTotalsTest.exposition(),
                Map.of("evalsha", new RedisWork.Command(5000, 1_000_000), "hincrby", new RedisWork.Command(7, 70)));
        String later = PrometheusTotalsTest.exposition()
                .replace("_count{route=\"PUT /items/:item/bids\"} 4000", "_count{route=\"PUT /items/:item/bids\"} 14000")
                .replace("_sum{route=\"PUT /items/:item/bids\"} 6.0", "_sum{route=\"PUT /items/:item/bids\"} 36.0")
                .replace("_count{route=\"GET /metrics\"} 2", "_count{route=\"GET /metrics\"} 4")
                .replace("gavel_redis_command_duration_seconds_count 4100", "gavel_redis_command_duration_seconds_count 14100")
                .replace("gavel_redis_command_duration_seconds_sum 4.1", "gavel_redis_command_duration_seconds_sum 29.1");
        StageWindow.Snapshot after = StageWindow.Snapshot.of(later, Map.of("evalsha", new RedisWork.Command(15_000, 3_700_000),
                "evalsha_ro", new RedisWork.Command(2000, 900_000), "hincrby", new RedisWork.Command(9, 90)));

        // when
        StageWindow w = StageWindow.between(before, after);

        // then
        assertEquals("PUT /items/:item/bids", w.route());
        assertEquals(10_000, w.acceptor().count());
        assertEquals(3000.0, w.acceptor().meanUs(), 1e-6);
        assertEquals(2500.0, w.redisRoundTrip().meanUs(), 1e-6);
        assertEquals(1.0, w.roundTripsPerRequest(), 1e-9);
        // evalsha and evalsha_ro together, the other commands left out
        assertEquals(new RedisWork.Command(12_000, 3_600_000), w.script());
        assertEquals(300.0, w.scriptUsPerCall(), 1e-9);
        assertTrue(w.hasAcceptor());
    }

    @Test
    void shouldHaveNoAcceptorFiguresForABareServer() {
        StageWindow w = StageWindow.between(StageWindow.Snapshot.of("", Map.of("evalsha", new RedisWork.Command(10, 100))),
                StageWindow.Snapshot.of("", Map.of("evalsha", new RedisWork.Command(110, 2100))));
        assertFalse(w.hasAcceptor());
        assertEquals(20.0, w.scriptUsPerCall(), 1e-9);
        assertEquals(0.0, w.roundTripsPerRequest());
    }

    @Test
    void shouldKeepEveryFigureThroughTheNotes() {
        StageWindow w = new StageWindow("POST /certificates", new Total(12.5, 10_000), new Total(9.25, 10_010),
                new RedisWork.Command(10_400, 2_345_678));
        assertEquals(w, StageWindow.fromNote(w.toNote()).orElseThrow());
    }

    @Test
    void shouldRefuseANoteThatIsNotAWindow() {
        assertTrue(StageWindow.fromNote("route=x;acceptor_s=1").isEmpty());
        assertTrue(StageWindow.fromNote("acceptor_s=a;acceptor_n=1;rtt_s=1;rtt_n=1;script_us=1;script_calls=1").isEmpty());
    }
}
