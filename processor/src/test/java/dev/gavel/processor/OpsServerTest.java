package dev.gavel.processor;

import dev.gavel.metrics.PrometheusNames;
import dev.gavel.metrics.RuntimeMetrics;
import dev.gavel.processor.ops.OpsServer;
import dev.gavel.testkit.Promtool;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static dev.gavel.testkit.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The processor's own port: health that names the store it cannot reach, metrics promtool accepts, JSON errors. */
class OpsServerTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private TestStores stores;
    private Processor processor;
    private RuntimeMetrics runtime;
    private OpsServer ops;

    @BeforeEach
    void start() throws IOException {
        stores = new TestStores();
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.config().meterFilter(new PrometheusNames());
        runtime = RuntimeMetrics.bindTo(meters);
        processor = Processor.start(stores.config(4, "ops-test"), meters);
        ops = new OpsServer("127.0.0.1", 0, meters, processor::unreachableStores);
    }

    @AfterEach
    void stop() {
        ops.close();
        processor.close();
        runtime.close();
        stores.close();
    }

    @Test
    void shouldServeMetricsThatPromtoolAcceptsWithTheArchiveFamilies() throws Exception {
        // given: the lag gauges have been refreshed once
        await(() -> get("/metrics").body().contains("gavel_archive_lag_seconds"));

        // when
        HttpResponse<String> metrics = get("/metrics");

        // then
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        for (String family : List.of("gavel_archive_events_total", "gavel_archive_dead_letters_total",
                "gavel_archive_lag_entries", "gavel_archive_lag_seconds", "gavel_archive_dead_letter_entries",
                "process_cpu_seconds_total", "jvm_memory_used_bytes")) {
            assertTrue(metrics.body().contains("# HELP " + family + " "), family + " missing:\n" + metrics.body());
        }
        assertEquals(List.of(), Promtool.problems(metrics.body()));
    }

    @Test
    void shouldReportHealthAndNameTheStoreItCannotReach() throws Exception {
        // given
        await(() -> get("/health").statusCode() == 200);
        assertEquals("{\"status\":\"up\",\"redis\":\"up\",\"mongodb\":\"up\"}", get("/health").body());

        // when
        stores.redisServer.close();

        // then
        HttpResponse<String> down = get("/health");
        assertEquals(503, down.statusCode());
        assertTrue(down.body().contains("\"error\": \"unavailable\""), down.body());
        assertTrue(down.body().contains("redis unreachable"), down.body());
    }

    @Test
    void shouldAnswerOtherRoutesAndMethodsWithTheContractsErrors() throws Exception {
        HttpResponse<String> missing = get("/events");
        HttpResponse<String> posted = http.send(HttpRequest.newBuilder(uri("/health"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());

        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("\"error\": \"not_found\""), missing.body());
        assertEquals(405, posted.statusCode());
        assertEquals("GET", posted.headers().firstValue("Allow").orElse(""));
        assertTrue(posted.body().contains("\"error\": \"method_not_allowed\""), posted.body());
    }

    private HttpResponse<String> get(String path) {
        try {
            return http.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ops.port() + path);
    }
}
