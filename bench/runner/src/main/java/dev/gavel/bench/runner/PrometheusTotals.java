package dev.gavel.bench.runner;

import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The sums and counts of histograms (and timers) in a Prometheus text exposition: for each series, its
 * {@code _sum} and {@code _count}. Two scrapes' difference is the mean over the time between them, which is
 * what a measured window needs; the buckets are left alone (their resolution is too coarse for a 1 ms mean).
 */
final class PrometheusTotals {

    /** A histogram series' sum (in its unit, seconds here) and count at one moment. */
    record Total(double sum, long count) {

        static final Total NONE = new Total(0, 0);

        Total minus(Total before) {
            return new Total(sum - before.sum, count - before.count);
        }

        /** The mean in microseconds, 0 for no observation. */
        double meanUs() {
            return count <= 0 ? 0 : sum * 1e6 / count;
        }
    }

    private PrometheusTotals() {
    }

    /**
     * Every series of {@code family} (e.g. {@code gavel_http_request_duration_seconds}), keyed by its labels
     * as written between the braces ("" for a series without labels).
     */
    static Map<String, Total> read(String exposition, String family) {
        Map<String, Double> sums = new TreeMap<>();
        Map<String, Long> counts = new TreeMap<>();
        for (String line : exposition.split("\n")) {
            if (line.startsWith("#")) {
                continue;
            }
            if (line.startsWith(family + "_sum")) {
                series(line, family + "_sum").ifPresent(s -> sums.put(s.labels(), s.value()));
            } else if (line.startsWith(family + "_count")) {
                series(line, family + "_count").ifPresent(s -> counts.put(s.labels(), (long) s.value()));
            }
        }
        Map<String, Total> totals = new TreeMap<>();
        counts.forEach((labels, count) -> totals.put(labels, new Total(sums.getOrDefault(labels, 0.0), count)));
        return totals;
    }

    /** The value of one label in a label text such as {@code route="PUT /items/:item/bids",status="201"}; "" when absent. */
    static String label(String labels, String name) {
        String key = name + "=\"";
        int start = labels.startsWith(key) ? 0 : labels.indexOf("," + key) + 1;
        if (start < 0 || !labels.startsWith(key, start)) {
            return "";
        }
        int from = start + key.length();
        int end = labels.indexOf('"', from);
        return end < 0 ? "" : labels.substring(from, end);
    }

    private record Series(String labels, double value) {
    }

    /** One sample line of exactly this metric name: {@code name{labels} value} or {@code name value}. */
    private static Optional<Series> series(String line, String name) {
        String rest = line.substring(name.length());
        String labels = "";
        if (rest.startsWith("{")) {
            int close = rest.lastIndexOf('}');
            if (close < 0) {
                return Optional.empty();
            }
            labels = rest.substring(1, close);
            rest = rest.substring(close + 1);
        } else if (!rest.startsWith(" ")) {
            return Optional.empty();
        }
        String[] fields = rest.trim().split("\\s+");
        try {
            return Optional.of(new Series(labels, Double.parseDouble(fields[0])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
