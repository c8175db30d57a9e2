package dev.gavel.acceptor.metrics;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The acceptor's metrics, shared by every event loop of the process and rendered in Prometheus text
 * format by {@code GET /metrics}: requests per route and status, request latency per route, Redis
 * command latency. Recording is a few adder increments; rendering happens only on a scrape.
 */
public final class Metrics {

    private final ConcurrentMap<String, Histogram> latencyByRoute = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, LongAdder> requests = new ConcurrentHashMap<>();
    private final Histogram redisLatency = new Histogram();
    private final LongAdder redisFailures = new LongAdder();
    private final ConcurrentMap<String, LongAdder> redisErrorReplies = new ConcurrentHashMap<>();
    private final LongAdder passwordHashes = new LongAdder();
    private final LongAdder passwordHashesRefused = new LongAdder();

    /** One answered request: its route pattern (e.g. {@code PUT /items/:item/bids}), status and duration. */
    public void request(String route, int status, long nanos) {
        latencyByRoute.computeIfAbsent(route, ignored -> new Histogram()).observeNanos(nanos);
        requests.computeIfAbsent(route + '\u0000' + status, ignored -> new LongAdder()).increment();
    }

    public void redisCall(long nanos, boolean failed) {
        redisLatency.observeNanos(nanos);
        if (failed) {
            redisFailures.increment();
        }
    }

    /** An error reply of Redis that is a bug (a script error, WRONGTYPE): by command (or script) and error code. */
    public void redisErrorReply(String command, String code) {
        redisErrorReplies.computeIfAbsent(command + '\u0000' + code, ignored -> new LongAdder()).increment();
    }

    /** One slow password hash run (for a known user or against the dummy for an unknown one). */
    public void passwordHash() {
        passwordHashes.increment();
    }

    /** A password check refused with 429 because the hash pool's threads and queue were full. */
    public void passwordHashRefused() {
        passwordHashesRefused.increment();
    }

    public long passwordHashes() {
        return passwordHashes.sum();
    }

    public String render() {
        StringBuilder out = new StringBuilder(4096);
        out.append("# HELP gavel_http_requests_total HTTP requests answered, by route and status.\n");
        out.append("# TYPE gavel_http_requests_total counter\n");
        for (Map.Entry<String, LongAdder> entry : new TreeMap<>(requests).entrySet()) {
            int split = entry.getKey().indexOf('\u0000');
            out.append("gavel_http_requests_total{route=\"").append(entry.getKey(), 0, split)
                    .append("\",status=\"").append(entry.getKey().substring(split + 1)).append("\"} ")
                    .append(entry.getValue().sum()).append('\n');
        }
        out.append("# HELP gavel_http_request_duration_seconds Time from arrival to the answer, by route.\n");
        out.append("# TYPE gavel_http_request_duration_seconds histogram\n");
        for (Map.Entry<String, Histogram> entry : new TreeMap<>(latencyByRoute).entrySet()) {
            entry.getValue().render(out, "gavel_http_request_duration_seconds", "route=\"" + entry.getKey() + "\"");
        }
        out.append("# HELP gavel_redis_command_duration_seconds Latency of each Redis command the acceptor sends.\n");
        out.append("# TYPE gavel_redis_command_duration_seconds histogram\n");
        redisLatency.render(out, "gavel_redis_command_duration_seconds", "");
        out.append("# HELP gavel_redis_failures_total Redis calls that failed (unreachable, timeout, error reply).\n");
        out.append("# TYPE gavel_redis_failures_total counter\n");
        out.append("gavel_redis_failures_total ").append(redisFailures.sum()).append('\n');
        out.append("# HELP gavel_redis_error_replies_total Error replies of Redis that are bugs (answered 500), by command "
                + "or script and error code.\n");
        out.append("# TYPE gavel_redis_error_replies_total counter\n");
        for (Map.Entry<String, LongAdder> entry : new TreeMap<>(redisErrorReplies).entrySet()) {
            int split = entry.getKey().indexOf('\u0000');
            out.append("gavel_redis_error_replies_total{command=\"").append(entry.getKey(), 0, split)
                    .append("\",code=\"").append(entry.getKey().substring(split + 1)).append("\"} ")
                    .append(entry.getValue().sum()).append('\n');
        }
        out.append("# HELP gavel_password_hashes_total Slow password hashes run, unknown usernames included.\n");
        out.append("# TYPE gavel_password_hashes_total counter\n");
        out.append("gavel_password_hashes_total ").append(passwordHashes.sum()).append('\n');
        out.append("# HELP gavel_password_hashes_refused_total Password checks answered 429: the hash pool was full.\n");
        out.append("# TYPE gavel_password_hashes_refused_total counter\n");
        out.append("gavel_password_hashes_refused_total ").append(passwordHashesRefused.sum()).append('\n');
        return out.toString();
    }
}
