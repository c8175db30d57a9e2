package dev.gavel.bench.live;

import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one run measured, written as one flat JSON object of numbers (bench/run's runner reads it
 * without a JSON library). Delays in milliseconds with microsecond precision; RSS in KiB.
 */
record LiveReport(int subscribersRequested, int subscribersConnected, int subscribersFailed, long failedTimeout,
                  long failedStatus, long failedConnect, int slowSubscribers,
                  int slowDropped, int items, long probesSent, long probesAccepted, long probesRefused, long probesSkipped,
                  long eventsReceived, long eventsMeasured, double measuredSeconds, long deliveriesExpected,
                  long deliveriesMeasured, long missingDeliveries, long duplicates, long arrivedBefore201, long unmatched,
                  long lateArrivals, long drops, long delayP50Us, long delayP90Us, long delayP99Us, long delayP999Us, long delayMaxUs,
                  ProbeLedger.Split split, long serverRssBeforeKib, long serverRssAfterKib, long toolCpuMs, double rampSeconds,
                  Warmup warmup) {

    /** The warm-up before the measured window: how long it took, its probes, and their arrivals (counted for nothing else). */
    record Warmup(double seconds, long probesSent, long probesAccepted, long arrivals) {

        static final Warmup NONE = new Warmup(0, 0, 0, 0);
    }

    /** Bytes of the server's RSS per open stream, from before the streams opened to after they settled; -1 when unknown. */
    long rssPerConnectionBytes() {
        if (serverRssBeforeKib < 0 || serverRssAfterKib < 0 || subscribersConnected == 0) {
            return -1;
        }
        return (serverRssAfterKib - serverRssBeforeKib) * 1024 / subscribersConnected;
    }

    Map<String, Object> fields() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("subscribers_requested", subscribersRequested);
        f.put("subscribers_connected", subscribersConnected);
        f.put("subscribers_failed", subscribersFailed);
        f.put("subscribers_failed_timeout", failedTimeout);
        f.put("subscribers_failed_status", failedStatus);
        f.put("subscribers_failed_connect", failedConnect);
        f.put("slow_subscribers", slowSubscribers);
        f.put("slow_dropped", slowDropped);
        f.put("items", items);
        f.put("probes_sent", probesSent);
        f.put("probes_accepted", probesAccepted);
        f.put("probes_refused", probesRefused);
        f.put("probes_skipped", probesSkipped);
        f.put("events_received", eventsReceived);
        f.put("events_measured", eventsMeasured);
        f.put("measured_seconds", round3(measuredSeconds));
        f.put("deliveries_expected", deliveriesExpected);
        f.put("deliveries_measured", deliveriesMeasured);
        f.put("missing_deliveries", missingDeliveries);
        f.put("duplicates", duplicates);
        f.put("arrived_before_201", arrivedBefore201);
        f.put("unmatched_arrivals", unmatched);
        f.put("late_arrivals", lateArrivals);
        f.put("drops", drops);
        f.put("delay_p50_ms", delayP50Us / 1000.0);
        f.put("delay_p90_ms", delayP90Us / 1000.0);
        f.put("delay_p99_ms", delayP99Us / 1000.0);
        f.put("delay_p999_ms", delayP999Us / 1000.0);
        f.put("delay_max_ms", delayMaxUs / 1000.0);
        f.put("split_probes", split.probes());
        f.put("answer_p50_ms", split.answerP50Us() / 1000.0);
        f.put("answer_p99_ms", split.answerP99Us() / 1000.0);
        f.put("first_arrival_p50_ms", split.firstP50Us() / 1000.0);
        f.put("first_arrival_p99_ms", split.firstP99Us() / 1000.0);
        f.put("spread_p50_ms", split.spreadP50Us() / 1000.0);
        f.put("spread_p99_ms", split.spreadP99Us() / 1000.0);
        f.put("server_rss_before_kib", serverRssBeforeKib);
        f.put("server_rss_after_kib", serverRssAfterKib);
        f.put("rss_per_connection_bytes", rssPerConnectionBytes());
        f.put("tool_cpu_ms", toolCpuMs);
        f.put("ramp_seconds", round3(rampSeconds));
        f.put("warmup_seconds", round3(warmup.seconds()));
        f.put("warmup_probes_sent", warmup.probesSent());
        f.put("warmup_probes_accepted", warmup.probesAccepted());
        f.put("warmup_arrivals", warmup.arrivals());
        return f;
    }

    String toJson() {
        return new JsonObject(fields()).encodePrettily() + "\n";
    }

    private static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
