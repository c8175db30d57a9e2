package dev.gavel.acceptor.metrics;

import dev.gavel.metrics.PrometheusNames;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * The acceptor's own meters, shared by every event loop of the process, in a Micrometer Prometheus registry
 * that {@code GET /metrics} renders (with the JVM and process meters {@link dev.gavel.metrics.RuntimeMetrics} binds to it):
 * requests per route and status, request latency per route, Redis command latency and failures, Redis
 * error replies, password hashes. Every meter of the hot path is looked up once and kept, so recording is
 * an increment, never a registry lookup.
 */
public final class Metrics {

    /** The latency buckets, from half a millisecond (a bid on an idle machine) to the slowest timeouts. */
    static final Duration[] LATENCY_BUCKETS = {
        Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5),
        Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500),
        Duration.ofSeconds(5)};

    private final PrometheusMeterRegistry registry;
    private final ConcurrentMap<String, RouteMeters> routes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Counter> redisErrorReplies = new ConcurrentHashMap<>();
    private final Timer redisLatency;
    private final Counter redisFailures;
    private final Counter passwordHashes;
    private final Counter passwordHashesRefused;

    /** A registry of its own, with the names promtool accepts. */
    public Metrics() {
        this(newRegistry());
    }

    public Metrics(PrometheusMeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        redisLatency = Timer.builder("gavel.redis.command.duration")
                .description("Latency of each Redis command the acceptor sends.")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        redisFailures = Counter.builder("gavel.redis.failures")
                .description("Redis calls that failed (unreachable, timeout, error reply).")
                .register(registry);
        passwordHashes = Counter.builder("gavel.password.hashes")
                .description("Slow password hashes run, unknown usernames included.")
                .register(registry);
        passwordHashesRefused = Counter.builder("gavel.password.hashes.refused")
                .description("Password checks answered 429: the hash pool was full.")
                .register(registry);
    }

    /** A Prometheus registry whose meter names pass {@code promtool check metrics} (see {@link PrometheusNames}). */
    public static PrometheusMeterRegistry newRegistry() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new PrometheusNames());
        return registry;
    }

    /** The registry, for binders of further meters (JVM, process). */
    public MeterRegistry registry() {
        return registry;
    }

    /**
     * The meters of one route pattern (e.g. {@code PUT /items/:item/bids}); the same instance for every
     * caller, so each event loop's router can keep it.
     */
    public RouteMeters route(String route) {
        return routes.computeIfAbsent(route, name -> new RouteMeters(registry, name, LATENCY_BUCKETS));
    }

    public void redisCall(long nanos, boolean failed) {
        redisLatency.record(nanos, TimeUnit.NANOSECONDS);
        if (failed) {
            redisFailures.increment();
        }
    }

    /**
     * An error reply of Redis that is a bug (a script error, WRONGTYPE): by command (or script) and error
     * code. Rare, so the counter is found by name.
     */
    public void redisErrorReply(String command, String code) {
        redisErrorReplies.computeIfAbsent(command + ' ' + code, ignored -> Counter.builder("gavel.redis.error.replies")
                .description("Error replies of Redis that are bugs (answered 500), by command or script and error code.")
                .tag("command", command)
                .tag("code", code)
                .register(registry)).increment();
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
        return (long) passwordHashes.count();
    }

    /** Every meter of the registry in Prometheus text format; it reads JVM figures, so not on an event loop. */
    public String render() {
        return registry.scrape();
    }
}
