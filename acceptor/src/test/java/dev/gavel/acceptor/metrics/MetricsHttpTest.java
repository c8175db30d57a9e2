package dev.gavel.acceptor.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.testkit.Promtool;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The acceptor's /metrics as Prometheus sees it: accepted by promtool, with the JVM and the process beside Gavel's own. */
class MetricsHttpTest {

    @RegisterExtension
    static final AcceptorFixture fixture = AcceptorFixture.withDefaults();

    @BeforeAll
    static void seed() {
        fixture.openItem(TestData.KEYS.item("999"));
        fixture.user("mia", "12345");
    }

    @Test
    void shouldServeMetricsThatPromtoolAcceptsAfterEveryKindOfAnswer() {
        // given: a 201, a 401, a 400 and a 404, so that every family of the request path has samples
        fixture.acceptor().bid("999", "{\"amount\": 1}", TestData.basic("mia", "12345"));
        fixture.acceptor().bid("999", "{\"amount\": 2}", TestData.basic("mia", "wrong"));
        fixture.acceptor().bid("999", "{\"amount\": ", TestData.basic("mia", "12345"));
        fixture.acceptor().get("/nothing-here");

        // when
        HttpResponse<String> response = fixture.acceptor().get("/metrics");

        // then
        assertEquals(200, response.statusCode());
        List<String> problems = Promtool.problems(response.body());
        assertEquals(List.of(), problems, response.body());
    }

    @Test
    void shouldServeJvmAndProcessMetricsBesideGavelsOwn() {
        // when
        String body = fixture.acceptor().get("/metrics").body();

        // then
        for (String family : List.of("jvm_memory_used_bytes", "jvm_gc_memory_allocated_bytes_total", "jvm_threads_live_threads",
                "jvm_classes_loaded_classes", "process_cpu_usage", "process_uptime_seconds", "process_files_open_files",
                "gavel_password_hashes_total", "gavel_redis_failures_total")) {
            assertTrue(body.contains("# TYPE " + family + " "), "no family " + family + " in\n" + body);
        }
    }
}
