package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LoadResultTest {

    @Test
    void shouldReadTheResultLineOfTheWrkScript() {
        // given
        String output = "Running 5s test @ http://127.0.0.1:1\n  Requests/sec: 873.70\n"
                + "BENCH requests=4454 seconds=5.098 rps=873.7 p50_us=71043 p90_us=139298 p99_us=235970 max_us=435074 non2xx=3"
                + " connect_err=1 read_err=2 write_err=0 timeouts=4\n";

        // when
        LoadResult r = LoadResult.fromWrkOutput(output).orElseThrow();

        // then
        assertEquals(4454, r.requests());
        assertEquals(873.7, r.rps(), 1e-9);
        assertEquals(71043, r.p50Us());
        assertEquals(235970, r.p99Us());
        assertEquals(3, r.non2xx());
        assertEquals(7, r.socketErrors());
    }

    @Test
    void shouldGiveNoResultWhenWrkPrintedNone() {
        assertTrue(LoadResult.fromWrkOutput("unable to connect to 127.0.0.1:1 Connection refused\n").isEmpty());
    }

    @Test
    void shouldReadAbsReportWithLengthFailuresKeptApart() throws IOException {
        // given ab's real report of 10,000 grants, 1,002 "Length" failures (CS-9 and CS-10 differ in length)
        String output;
        try (InputStream in = getClass().getResourceAsStream("/ab-certificates.txt")) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }

        // when
        LoadResult r = LoadResult.fromAbOutput(output).orElseThrow();

        // then
        assertEquals(10_000, r.requests());
        assertEquals(859.83, r.rps(), 1e-9);
        assertEquals(11.63, r.seconds(), 1e-9);
        assertEquals(20_000, r.p50Us());
        assertEquals(40_000, r.p90Us());
        assertEquals(80_000, r.p99Us());
        assertEquals(155_000, r.maxUs());
        assertEquals("1002", r.extra().get("length"));
        assertEquals(0, r.socketErrors());
        assertEquals(0, r.non2xx());
    }

    @Test
    void shouldKeepEveryFieldThroughTheResultsFile() {
        LoadResult r = new LoadResult(10, 1.5, 6.7, 1, 2, 3, 4, 5, 6, 7, 8, 9, java.util.Map.of("recorded", "10"));
        assertEquals(r, LoadResult.fromFields(r.fields()));
    }
}
