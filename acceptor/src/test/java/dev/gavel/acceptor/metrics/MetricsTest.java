package dev.gavel.acceptor.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.metrics.RuntimeMetrics;
import dev.gavel.testkit.Promtool;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Gavel's meters in Micrometer: the families and labels the docs name, each route's meters made once. */
class MetricsTest {

    private final Metrics metrics = new Metrics();

    @Test
    void shouldGiveEveryCallerOfARouteTheSameMeters() {
        // when
        RouteMeters first = metrics.route("PUT /items/:item/bids");
        RouteMeters second = metrics.route("PUT /items/:item/bids");

        // then
        assertSame(first, second);
    }

    @Test
    void shouldCountRequestsPerRouteAndStatusWithTheirLatencyInTheOldBuckets() {
        // given
        RouteMeters bids = metrics.route("PUT /items/:item/bids");

        // when
        bids.record(201, TimeUnit.MILLISECONDS.toNanos(3));
        bids.record(201, TimeUnit.MILLISECONDS.toNanos(30));
        bids.record(401, TimeUnit.MICROSECONDS.toNanos(300));
        String text = metrics.render();

        // then
        assertTrue(text.contains("gavel_http_requests_total{route=\"PUT /items/:item/bids\",status=\"201\"} 2.0\n"), text);
        assertTrue(text.contains("gavel_http_requests_total{route=\"PUT /items/:item/bids\",status=\"401\"} 1.0\n"), text);
        assertTrue(text.contains("gavel_http_request_duration_seconds_bucket{route=\"PUT /items/:item/bids\",le=\"5.0E-4\"} 1\n"), text);
        assertTrue(text.contains("gavel_http_request_duration_seconds_bucket{route=\"PUT /items/:item/bids\",le=\"0.005\"} 2\n"), text);
        assertTrue(text.contains("gavel_http_request_duration_seconds_bucket{route=\"PUT /items/:item/bids\",le=\"+Inf\"} 3\n"), text);
        assertTrue(text.contains("gavel_http_request_duration_seconds_count{route=\"PUT /items/:item/bids\"} 3\n"), text);
    }

    @Test
    void shouldCountRedisCallsFailuresErrorRepliesAndPasswordHashes() {
        // when
        metrics.redisCall(TimeUnit.MILLISECONDS.toNanos(1), false);
        metrics.redisCall(TimeUnit.MILLISECONDS.toNanos(2), true);
        metrics.redisErrorReply("bid", "WRONGTYPE");
        metrics.passwordHash();
        metrics.passwordHashRefused();
        String text = metrics.render();

        // then
        assertTrue(text.contains("gavel_redis_command_duration_seconds_count 2\n"), text);
        assertTrue(text.contains("gavel_redis_failures_total 1.0\n"), text);
        assertTrue(text.contains("gavel_redis_error_replies_total{code=\"WRONGTYPE\",command=\"bid\"} 1.0\n"), text);
        assertTrue(text.contains("gavel_password_hashes_total 1.0\n"), text);
        assertTrue(text.contains("gavel_password_hashes_refused_total 1.0\n"), text);
        assertEquals(1, metrics.passwordHashes());
        assertEquals(List.of(), Promtool.problems(text), text);
    }

    @Test
    void shouldExportProcessCpuInSecondsAndNoNameThatPromtoolRefuses() {
        // given
        RuntimeMetrics runtime = RuntimeMetrics.bindTo(metrics.registry());

        // when
        String text;
        try (runtime) {
            text = metrics.render();
        }

        // then
        assertTrue(text.contains("# TYPE process_cpu_seconds_total counter"), text);
        assertTrue(text.contains("# TYPE system_cpu_processors gauge"), text);
        assertTrue(!text.contains("process_cpu_time") && !text.contains("system_cpu_count"), text);
        assertEquals(List.of(), Promtool.problems(text), text);
    }
}
