package dev.gavel.bench.runner;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * One histogram over a measured window, from its cumulative buckets in two scrapes of a Prometheus text
 * exposition (the series of the family added up): how many observations fell in the window and, for a
 * quantile, the upper bound of the first bucket that reaches it. That is a bucket bound, not an
 * interpolation, so the report says "at most".
 *
 * <p>The live scenarios read query-api's {@code gavel_live_delivery_lag} this way: it runs from an event's
 * append in Redis to its write to the subscribers' connections, which tells the delay inside query-api from
 * the delay the subscribers measure from the 201.
 */
record HistogramWindow(long count, NavigableMap<Double, Long> cumulative) {

    /** query-api's gavel.live.delivery.lag timer, as Micrometer's Prometheus registry names it. */
    static final String LIVE_LAG_FAMILY = "gavel_live_delivery_lag_seconds";

    /** The family's buckets in one exposition: upper bound (in the family's unit) to cumulative count. */
    static NavigableMap<Double, Double> buckets(String exposition, String family) {
        NavigableMap<Double, Double> buckets = new TreeMap<>();
        String prefix = family + "_bucket{";
        for (String line : exposition.split("\n")) {
            int close = line.lastIndexOf('}');
            if (!line.startsWith(prefix) || close < 0) {
                continue;
            }
            String le = PrometheusTotals.label(line.substring(prefix.length(), close), "le");
            String[] sample = line.substring(close + 1).trim().split(" ");
            try {
                double bound = "+Inf".equals(le) ? Double.POSITIVE_INFINITY : Double.parseDouble(le);
                buckets.merge(bound, Double.parseDouble(sample[0]), Double::sum);
            } catch (NumberFormatException e) {
                // not a sample line of this histogram
            }
        }
        return buckets;
    }

    /** The window between two scrapes; empty when the later one has no such histogram. */
    static Optional<HistogramWindow> between(String before, String after, String family) {
        NavigableMap<Double, Double> end = buckets(after, family);
        if (end.isEmpty()) {
            return Optional.empty();
        }
        NavigableMap<Double, Double> start = buckets(before, family);
        NavigableMap<Double, Long> window = new TreeMap<>();
        for (Map.Entry<Double, Double> e : end.entrySet()) {
            window.put(e.getKey(), Math.round(e.getValue() - start.getOrDefault(e.getKey(), 0.0)));
        }
        return Optional.of(new HistogramWindow(window.lastEntry().getValue(), Collections.unmodifiableNavigableMap(window)));
    }

    /** The least bucket bound that holds the quantile {@code q} of the window's observations; empty without any. */
    OptionalDouble upperBound(double q) {
        if (count <= 0) {
            return OptionalDouble.empty();
        }
        long rank = (long) Math.ceil(q * count);
        for (Map.Entry<Double, Long> e : cumulative.entrySet()) {
            if (e.getValue() >= rank) {
                return OptionalDouble.of(e.getKey());
            }
        }
        return OptionalDouble.of(Double.POSITIVE_INFINITY);
    }

    /** For a histogram in seconds: "p50 <= 89.5 ms, p90 <= 111.8 ms, p99 <= 201.3 ms over 796 observations". */
    String millisecondsText() {
        return "p50 " + bound(0.50) + ", p90 " + bound(0.90) + ", p99 " + bound(0.99) + " over " + count + " observations";
    }

    private String bound(double q) {
        OptionalDouble seconds = upperBound(q);
        if (seconds.isEmpty()) {
            return Fmt.NONE;
        }
        if (Double.isFinite(seconds.getAsDouble())) {
            return String.format(Locale.ROOT, "<= %.1f ms", seconds.getAsDouble() * 1000);
        }
        Double largest = cumulative.lowerKey(Double.POSITIVE_INFINITY);
        return largest == null ? "unbounded" : String.format(Locale.ROOT, "> %.1f ms", largest * 1000);
    }
}
