package dev.gavel.bench.runner;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a load generator measured in one run. Latencies in microseconds. {@code extra} holds what only
 * one tool tells (ab's failure kinds, the count of bids recorded after the seed's run).
 */
record LoadResult(long requests, double seconds, double rps, long p50Us, long p90Us, long p99Us, long maxUs,
                  long non2xx, long connectErrors, long readErrors, long writeErrors, long timeouts,
                  Map<String, String> extra) {

    LoadResult {
        extra = Map.copyOf(extra);
    }

    long socketErrors() {
        return connectErrors + readErrors + writeErrors + timeouts + Long.parseLong(extra.getOrDefault("exceptions", "0"));
    }

    LoadResult withExtra(String key, String value) {
        Map<String, String> more = new LinkedHashMap<>(extra);
        more.put(key, value);
        return new LoadResult(requests, seconds, rps, p50Us, p90Us, p99Us, maxUs, non2xx, connectErrors, readErrors,
                writeErrors, timeouts, more);
    }

    /** The fields as "key=value" pairs, the form results.tsv stores and {@link #fromFields} reads. */
    Map<String, String> fields() {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("requests", Long.toString(requests));
        f.put("seconds", String.format(Locale.ROOT, "%.3f", seconds));
        f.put("rps", String.format(Locale.ROOT, "%.1f", rps));
        f.put("p50_us", Long.toString(p50Us));
        f.put("p90_us", Long.toString(p90Us));
        f.put("p99_us", Long.toString(p99Us));
        f.put("max_us", Long.toString(maxUs));
        f.put("non2xx", Long.toString(non2xx));
        f.put("connect_err", Long.toString(connectErrors));
        f.put("read_err", Long.toString(readErrors));
        f.put("write_err", Long.toString(writeErrors));
        f.put("timeouts", Long.toString(timeouts));
        extra.forEach((k, v) -> f.put("x." + k, v));
        return f;
    }

    static LoadResult fromFields(Map<String, String> f) {
        Map<String, String> extra = new LinkedHashMap<>();
        f.forEach((k, v) -> {
            if (k.startsWith("x.")) {
                extra.put(k.substring(2), v);
            }
        });
        return new LoadResult(num(f, "requests"), Double.parseDouble(f.getOrDefault("seconds", "0")),
                Double.parseDouble(f.getOrDefault("rps", "0")), num(f, "p50_us"), num(f, "p90_us"), num(f, "p99_us"),
                num(f, "max_us"), num(f, "non2xx"), num(f, "connect_err"), num(f, "read_err"), num(f, "write_err"),
                num(f, "timeouts"), extra);
    }

    /**
     * The result line bench/wrk/requests.lua prints at the end of a run
     * ({@code BENCH requests=... rps=... p50_us=...}), if the output has one.
     */
    static Optional<LoadResult> fromWrkOutput(String output) {
        for (String line : output.split("\n")) {
            if (line.startsWith("BENCH ")) {
                Map<String, String> f = new LinkedHashMap<>();
                for (String pair : line.substring("BENCH ".length()).trim().split(" +")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0) {
                        f.put(pair.substring(0, eq), pair.substring(eq + 1));
                    }
                }
                return Optional.of(fromFields(f));
            }
        }
        return Optional.empty();
    }

    /**
     * ab's report: requests/s, the percentile table (whole milliseconds), and its failure counts
     * (ab counts a body whose length differs from the first one's as a "Length" failure, which with
     * JSON bodies of varying length is not an error, so it is kept apart).
     */
    static Optional<LoadResult> fromAbOutput(String output) {
        Map<String, String> f = new LinkedHashMap<>();
        Map<String, String> extra = new LinkedHashMap<>();
        for (String raw : output.split("\n")) {
            String line = raw.trim();
            String[] w = line.split("\\s+");
            if (line.startsWith("Requests per second:")) {
                f.put("rps", w[3]);
            } else if (line.startsWith("Complete requests:")) {
                f.put("requests", w[2]);
            } else if (line.startsWith("Time taken for tests:")) {
                f.put("seconds", w[4]);
            } else if (line.startsWith("Failed requests:")) {
                extra.put("failed", w[2]);
            } else if (line.startsWith("Non-2xx responses:")) {
                f.put("non2xx", w[2]);
            } else if (line.startsWith("(Connect:")) {
                String[] kinds = line.replaceAll("[(),]", "").split("\\s+");
                f.put("connect_err", kinds[1]);
                f.put("read_err", kinds[3]);
                extra.put("length", kinds[5]);
                extra.put("exceptions", kinds[7]);
            } else if (w.length >= 2 && w[0].matches("(50|90|99|100)%") && w[1].matches("[0-9]+")) {
                String key = switch (w[0]) {
                    case "50%" -> "p50_us";
                    case "90%" -> "p90_us";
                    case "99%" -> "p99_us";
                    default -> "max_us";
                };
                f.put(key, Long.toString(Long.parseLong(w[1]) * 1000));
            }
        }
        if (!f.containsKey("rps")) {
            return Optional.empty();
        }
        extra.putIfAbsent("exceptions", "0");
        extra.putIfAbsent("length", "0");
        extra.putIfAbsent("failed", "0");
        extra.forEach((k, v) -> f.put("x." + k, v));
        return Optional.of(fromFields(f));
    }

    private static long num(Map<String, String> f, String key) {
        String v = f.getOrDefault(key, "0");
        return v.isEmpty() ? 0 : Long.parseLong(v);
    }
}
