package dev.gavel.acceptor.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The meters of one route pattern: its latency histogram and one request counter per status. The counter
 * of a status is registered on its first answer and then kept in an array indexed by status, so an answer
 * costs no string building, no boxing and no registry lookup.
 */
public final class RouteMeters {

    private static final int STATUSES = 600;

    private final MeterRegistry registry;
    private final String route;
    private final Timer latency;
    private final AtomicReferenceArray<Counter> requestsByStatus = new AtomicReferenceArray<>(STATUSES);

    RouteMeters(MeterRegistry registry, String route, Duration[] buckets) {
        this.registry = registry;
        this.route = route;
        this.latency = Timer.builder("gavel.http.request.duration")
                .description("Time from arrival to the answer, by route.")
                .tag("route", route)
                .serviceLevelObjectives(buckets)
                .register(registry);
    }

    /** One answered request: its status and the time from arrival to the answer. */
    public void record(int status, long nanos) {
        latency.record(nanos, TimeUnit.NANOSECONDS);
        requests(status).increment();
    }

    private Counter requests(int status) {
        if (status < 0 || status >= STATUSES) {
            return register(status);
        }
        Counter counter = requestsByStatus.get(status);
        if (counter == null) {
            // Two event loops may race here: the registry answers both with the same counter.
            counter = register(status);
            requestsByStatus.set(status, counter);
        }
        return counter;
    }

    private Counter register(int status) {
        return Counter.builder("gavel.http.requests")
                .description("HTTP requests answered, by route and status.")
                .tag("route", route)
                .tag("status", Integer.toString(status))
                .register(registry);
    }
}
