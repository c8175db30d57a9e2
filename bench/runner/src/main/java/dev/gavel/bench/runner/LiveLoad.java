package dev.gavel.bench.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live scenarios' load: bench/live's tool (gavel-bench-live.jar), how the runner calls it, and
 * how its JSON report becomes a row of results.tsv. A live row's "requests" are the bid events the
 * subscribers received in the measured window (so its CPU per request is the CPU per delivered event),
 * its latencies are the delays from each probe bid's 201 to its arrival at each subscriber, its
 * non-2xx count is the missing deliveries, its connect errors the streams that did not open and its
 * read errors the streams the server dropped; the rest goes to the extras.
 */
final class LiveLoad {

    /** live-hot: the item its subscribers follow and its probes bid on. */
    static final String HOT_ITEM = "bench-hot";
    /** live-hot: subscribers on the hot item, through nginx, while bids-nginx's wrk load runs. */
    static final int HOT_SUBSCRIBERS = 1000;
    /** live-hot: streams that never read, on top of the 1,000 that do. */
    static final int HOT_SLOW = 10;
    /**
     * live-hot: the hot item's bids, all of them probes: with 1,000 subscribers, 100,000 deliveries a second
     * (a bid every 10 ms on one lot; an auction's closing minutes see a few a second).
     */
    static final int HOT_PROBES_PER_SECOND = 100;
    /** live-spread: subscribers on one query-api instance, round-robin over the first 100 bench items. */
    static final int SPREAD_SUBSCRIBERS = 10_000;
    static final int SPREAD_ITEMS = 100;
    static final int SPREAD_PROBES_PER_SECOND = 50;
    static final int RAMP_PER_SECOND = 1000;
    static final int SETTLE_SECONDS = 5;
    /** live-hot: the wrk load is at full rate this long before the first probe, and runs this long after the last. */
    static final int HOT_LEAD_IN_SECONDS = 1;
    static final int GRACE_SECONDS = 2;
    /**
     * The tool's own bound on its warm-up, beyond the longest the runner's rule can take (the first round and
     * {@link ScenarioRunner#JIT_EXTRA_LIMIT_S} more): the runner ends the warm-up with a file, and this only
     * keeps the tool from waiting for ever on a runner that is gone.
     */
    static final int WARMUP_SLACK_SECONDS = 30;
    /** The probe bids' user, created by the tool (the bench users are wrk's). */
    static final String USER = "bench-live";

    private static final Pattern FIELD = Pattern.compile("\"([a-z0-9_]+)\"\\s*:\\s*(-?[0-9]+(?:\\.[0-9]+)?(?:[eE][-+]?[0-9]+)?)");

    private LiveLoad() {
    }

    /**
     * The tool's command line. {@code jitWarmup}: the runner's first warm-up round (0: no warm-up); the tool
     * writes {@code warming} when its streams are open and settled and it starts probing unmeasured, ends
     * that once {@code warmed} exists, and writes {@code ready} when the measured window starts.
     */
    static List<String> command(Path jar, String streamUrl, String bidUrl, List<String> itemFlags, int subscribers, int slow,
                                int leadIn, int seconds, int probesPerSecond, long serverPid, Path out, Path ready,
                                int jitWarmup, Path warming, Path warmed) {
        List<String> command = new ArrayList<>(List.of("java", "-Xms256m", "-Xmx1g",
                // The tool's garbage is short-lived buffers; G1's write barriers and concurrent refinement took a
                // tenth of its CPU (async-profiler), CPU the stack it measures shares.
                "-XX:+UseParallelGC", "-jar", jar.toString(),
                "--stream-url", streamUrl, "--bid-url", bidUrl));
        command.addAll(itemFlags);
        command.addAll(List.of("--subscribers", Integer.toString(subscribers), "--slow", Integer.toString(slow),
                "--ramp-per-second", Integer.toString(RAMP_PER_SECOND), "--settle-seconds", Integer.toString(SETTLE_SECONDS),
                "--lead-in-seconds", Integer.toString(leadIn), "--duration", Integer.toString(seconds),
                "--probe-rate", Integer.toString(probesPerSecond), "--grace-seconds", Integer.toString(GRACE_SECONDS),
                "--user", USER + ":" + BenchData.PASSWORD, "--create-user", "--server-pid", Long.toString(serverPid),
                "--out", out.toString(), "--ready", ready.toString(), "--warming", warming.toString()));
        if (jitWarmup > 0) {
            command.addAll(List.of("--warmup-seconds", Integer.toString(jitWarmup + ScenarioRunner.JIT_EXTRA_LIMIT_S + WARMUP_SLACK_SECONDS),
                    "--warmup-until", warmed.toString()));
        }
        return command;
    }

    /** The flat JSON object of numbers the tool writes: field → value as written. */
    static Map<String, String> fields(String json) {
        Map<String, String> f = new LinkedHashMap<>();
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            f.put(m.group(1), m.group(2));
        }
        return f;
    }

    /**
     * The row of a live scenario from the tool's JSON, and, for live-hot, the wrk bid load that ran
     * alongside (its rate, p99 and non-2xx go to the extras); empty when the JSON has no delays.
     */
    static Optional<LoadResult> result(String json, Optional<LoadResult> bids) {
        Map<String, String> f = fields(json);
        if (!f.containsKey("delay_p99_ms") || !f.containsKey("events_measured")) {
            return Optional.empty();
        }
        long events = whole(f, "events_measured");
        double seconds = Double.parseDouble(f.getOrDefault("measured_seconds", "0"));
        Map<String, String> extra = new LinkedHashMap<>();
        for (String key : List.of("subscribers_requested", "subscribers_connected", "subscribers_failed_timeout",
                "subscribers_failed_status", "subscribers_failed_connect", "late_arrivals", "warmup_probes_sent", "warmup_arrivals", "slow_subscribers", "slow_dropped", "items",
                "probes_sent", "probes_accepted", "probes_refused", "probes_skipped", "deliveries_expected", "deliveries_measured",
                "duplicates", "arrived_before_201", "unmatched_arrivals", "server_rss_before_kib", "server_rss_after_kib",
                "rss_per_connection_bytes")) {
            extra.put(key, Long.toString(whole(f, key)));
        }
        extra.put("delay_p999_us", Long.toString(micros(f, "delay_p999_ms")));
        if (whole(f, "split_probes") > 0) {
            for (String key : List.of("answer_p50", "answer_p99", "first_arrival_p50", "first_arrival_p99", "spread_p50", "spread_p99")) {
                extra.put(key + "_us", Long.toString(micros(f, key + "_ms")));
            }
        }
        bids.ifPresent(b -> {
            extra.put("bids_rps", String.format(Locale.ROOT, "%.1f", b.rps()));
            extra.put("bids_p99_us", Long.toString(b.p99Us()));
            extra.put("bids_non2xx", Long.toString(b.non2xx() + b.socketErrors()));
        });
        if (whole(f, "deliveries_measured") == 0 && whole(f, "deliveries_expected") > 0) {
            // Not one probe arrived in the window: every delay was longer than the window, which stands in as a lower bound
            // (zeros would read as instant delivery).
            long window = Math.round(seconds * 1_000_000);
            extra.put("delays_lower_bound", "1");
            extra.put("delay_p999_us", Long.toString(window));
            return Optional.of(new LoadResult(events, seconds, seconds > 0 ? events / seconds : 0, window, window, window, window,
                    whole(f, "missing_deliveries"), whole(f, "subscribers_failed"), whole(f, "drops"), 0, 0, extra));
        }
        return Optional.of(new LoadResult(events, seconds, seconds > 0 ? events / seconds : 0, micros(f, "delay_p50_ms"),
                micros(f, "delay_p90_ms"), micros(f, "delay_p99_ms"), micros(f, "delay_max_ms"), whole(f, "missing_deliveries"),
                whole(f, "subscribers_failed"), whole(f, "drops"), 0, 0, extra));
    }

    /** The note holding query-api's append-to-write lag over a live scenario's window ({@link HistogramWindow}). */
    static String lagNoteKey(String scenario) {
        return "live-lag-" + scenario;
    }

    /** The tool's CPU over its measured window, in ticks. */
    static long toolTicks(String json, long ticksPerSecond) {
        return Math.round(whole(fields(json), "tool_cpu_ms") / 1000.0 * ticksPerSecond);
    }

    private static long whole(Map<String, String> f, String key) {
        String v = f.get(key);
        return v == null ? 0 : Math.round(Double.parseDouble(v));
    }

    private static long micros(Map<String, String> f, String key) {
        String v = f.get(key);
        return v == null ? 0 : Math.round(Double.parseDouble(v) * 1000);
    }
}
