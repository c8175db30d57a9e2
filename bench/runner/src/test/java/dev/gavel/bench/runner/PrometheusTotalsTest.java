package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gavel.bench.runner.PrometheusTotals.Total;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrometheusTotalsTest {

    static String exposition() throws IOException {
        try (InputStream in = PrometheusTotalsTest.class.getResourceAsStream("/acceptor-metrics.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldReadTheSumAndCountOfEverySeriesOfAHistogram() throws IOException {
        // when
        Map<String, Total> http = PrometheusTotals.read(exposition(), "gavel_http_request_duration_seconds");

        // then the buckets and the _max gauge are not taken for the histogram's series
        assertEquals(Set.of("route=\"PUT /items/:item/bids\"", "route=\"GET /metrics\""), http.keySet());
        assertEquals(new Total(6.0, 4000), http.get("route=\"PUT /items/:item/bids\""));
        assertEquals(1500.0, http.get("route=\"PUT /items/:item/bids\"").meanUs(), 1e-9);
    }

    @Test
    void shouldReadASeriesWithoutLabels() throws IOException {
        assertEquals(Map.of("", new Total(4.1, 4100)), PrometheusTotals.read(exposition(), "gavel_redis_command_duration_seconds"));
    }

    @Test
    void shouldSubtractTwoScrapes() {
        Total delta = new Total(10.5, 9000).minus(new Total(4.5, 3000));
        assertEquals(6000, delta.count());
        assertEquals(1000.0, delta.meanUs(), 1e-9);
        assertEquals(0.0, Total.NONE.meanUs());
    }

    @Test
    void shouldFindOneLabelAmongOthers() {
        assertEquals("PUT /items/:item/bids", PrometheusTotals.label("route=\"PUT /items/:item/bids\",status=\"201\"", "route"));
        assertEquals("201", PrometheusTotals.label("route=\"PUT /items/:item/bids\",status=\"201\"", "status"));
        assertEquals("", PrometheusTotals.label("route=\"x\"", "status"));
    }
}
