package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** query-api's gavel_live_delivery_lag over a window, from two scrapes of its cumulative buckets. */
class HistogramWindowTest {

    private static final String FAMILY = HistogramWindow.LIVE_LAG_FAMILY;

    /** Micrometer's exposition of the timer, with {@code counts} observations at most 0.01, 0.1, 0.5 s and beyond. */
    private static String exposition(long tenMs, long hundredMs, long halfSecond, long beyond) {
        long a = tenMs;
        long b = a + hundredMs;
        long c = b + halfSecond;
        long all = c + beyond;
        return "# HELP " + FAMILY + " from a live event's append\n"
                + "# TYPE " + FAMILY + " histogram\n"
                + FAMILY + "{quantile=\"0.99\"} 0.2\n"
                + FAMILY + "_bucket{le=\"0.01\"} " + a + "\n"
                + FAMILY + "_bucket{le=\"0.1\"} " + b + "\n"
                + FAMILY + "_bucket{le=\"0.5\"} " + c + "\n"
                + FAMILY + "_bucket{le=\"+Inf\"} " + all + "\n"
                + FAMILY + "_count " + all + "\n"
                + FAMILY + "_sum 12.5\n"
                + "gavel_other_seconds_bucket{le=\"0.01\"} 99999\n";
    }

    @Test
    void shouldCountOnlyWhatFellBetweenTheTwoScrapes() {
        // given 1,000 observations before the window, all under 10 ms
        String before = exposition(1000, 0, 0, 0);

        // when the window adds 50 under 10 ms, 45 under 100 ms and 5 under 500 ms
        HistogramWindow window = HistogramWindow.between(before, exposition(1050, 45, 5, 0), FAMILY).orElseThrow();

        // then
        assertEquals(100, window.count());
        assertEquals(0.01, window.upperBound(0.50).getAsDouble());
        assertEquals(0.1, window.upperBound(0.90).getAsDouble());
        assertEquals(0.1, window.upperBound(0.95).getAsDouble());
        assertEquals(0.5, window.upperBound(0.99).getAsDouble());
        assertEquals("p50 <= 10.0 ms, p90 <= 100.0 ms, p99 <= 500.0 ms over 100 observations", window.millisecondsText());
    }

    @Test
    void shouldAddUpTheSeriesOfOneBoundAndSayBeyondTheLargestBucket() {
        // given two series (as a timer with a label would have), and the slowest observations past every bound
        String after = exposition(0, 0, 0, 3).replace("_bucket{le=", "_bucket{loop=\"a\",le=")
                + exposition(0, 1, 0, 0).replace("_bucket{le=", "_bucket{loop=\"b\",le=");

        // when
        HistogramWindow window = HistogramWindow.between("", after, FAMILY).orElseThrow();

        // then
        assertEquals(4, window.count());
        assertEquals(0.1, window.upperBound(0.25).getAsDouble());
        assertTrue(Double.isInfinite(window.upperBound(0.5).getAsDouble()));
        assertTrue(window.millisecondsText().contains("p99 > 500.0 ms"), window.millisecondsText());
    }

    @Test
    void shouldGiveNothingWhenTheServiceHasNoSuchHistogram() {
        assertEquals(Optional.empty(), HistogramWindow.between(exposition(1, 0, 0, 0), "", FAMILY));
        HistogramWindow idle = HistogramWindow.between(exposition(7, 0, 0, 0), exposition(7, 0, 0, 0), FAMILY).orElseThrow();
        assertEquals(0, idle.count());
        assertTrue(idle.upperBound(0.99).isEmpty());
    }
}
