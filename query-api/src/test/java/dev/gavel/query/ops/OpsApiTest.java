package dev.gavel.query.ops;

import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import dev.gavel.testkit.Promtool;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpsApiTest {

    private final TestStack stack = TestStack.get();

    @Test
    void shouldServePrometheusMetricsWithRoutesRedisLatencyAndTheArchive() {
        // given
        stack.get("/users/admin");
        stack.get("/health");

        // when
        Response response = stack.get("/metrics");

        // then
        assertEquals(200, response.status());
        assertTrue(response.header("Content-Type").startsWith("text/plain"), response.header("Content-Type"));
        String body = response.body();
        assertTrue(body.contains("http_server_requests_seconds_bucket{"), "no request histogram");
        assertTrue(body.contains("uri=\"/users/{username}\""), "requests are not labelled by route");
        assertTrue(body.contains("lettuce_command_completion_seconds"), "no Redis latency");
        assertTrue(body.contains("# TYPE process_cpu_seconds_total counter"), "no process CPU in seconds");
        assertTrue(body.contains("# TYPE system_cpu_processors gauge"), "no CPU count under a name promtool accepts");
        assertTrue(!body.contains("gavel_archive_"), "the archive's meters belong to the processor");
    }

    @Test
    void shouldDescribeEveryMetricFamilyWithHelpAndType() {
        // given
        stack.get("/health");

        // when
        Response response = stack.get("/metrics");

        // then: every family has a HELP line with text and a TYPE line
        Set<String> helped = new HashSet<>();
        Set<String> typed = new HashSet<>();
        List<String> empty = new ArrayList<>();
        for (String line : response.body().lines().toList()) {
            String[] parts = line.split(" ", 4);
            if (line.startsWith("# HELP ")) {
                helped.add(parts[2]);
                if (parts.length < 4 || parts[3].isBlank()) {
                    empty.add(parts[2]);
                }
            } else if (line.startsWith("# TYPE ")) {
                typed.add(parts[2]);
            }
        }
        assertEquals(List.of(), empty, "families without HELP text");
        assertEquals(typed, helped);
    }

    @Test
    void shouldServeMetricsThatPromtoolAccepts() {
        // given: a 200, a 404 and a 401, so that the request timers have samples with several statuses
        stack.get("/health");
        stack.get("/users/admin");
        stack.get("/items/no-such-item");

        // when
        Response response = stack.get("/metrics");

        // then
        assertEquals(200, response.status());
        assertEquals(List.of(), Promtool.problems(response.body()), response.body());
        assertTrue(response.body().contains("# TYPE process_cpu_seconds_total counter"), "no process CPU time in seconds");
    }

    @Test
    @SuppressWarnings("unchecked")
    void shouldServeOneOpenApiDocumentWithEveryContractRoute() {
        // when
        Response response = stack.get("/openapi.yml");

        // then
        assertEquals(200, response.status());
        Map<String, Object> document = new Yaml().load(response.body());
        assertTrue(document.get("openapi").toString().startsWith("3."));
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) document.get("paths");
        Map<String, List<String>> expected = Map.ofEntries(
                Map.entry("/users", List.of("get", "post")),
                Map.entry("/users/{username}", List.of("get", "patch")),
                Map.entry("/users/{username}/bids", List.of("get")),
                Map.entry("/users/{username}/recent-items", List.of("get")),
                Map.entry("/auth/tokens", List.of("post")),
                Map.entry("/items", List.of("get", "post")),
                Map.entry("/items/{item}", List.of("get")),
                Map.entry("/items/{item}/bids", List.of("get", "put")),
                Map.entry("/items/{item}/winner", List.of("get")),
                Map.entry("/items/{item}/impressions", List.of("post")),
                Map.entry("/statistics", List.of("get")),
                Map.entry("/statistics/summary", List.of("get")),
                Map.entry("/share-classes", List.of("post")),
                Map.entry("/share-classes/{code}", List.of("get")),
                Map.entry("/certificates", List.of("get", "post")),
                Map.entry("/certificates/{cert_id}", List.of("get")),
                Map.entry("/events", List.of("get")),
                Map.entry("/events/dead-letter", List.of("get")),
                Map.entry("/health", List.of("get")),
                Map.entry("/acceptor/health", List.of("get")),
                Map.entry("/metrics", List.of("get")),
                Map.entry("/acceptor/metrics", List.of("get")),
                Map.entry("/items/{item}/live", List.of("get")),
                Map.entry("/users/{username}/live", List.of("get")),
                Map.entry("/live/operations", List.of("get")));
        expected.forEach((path, methods) -> {
            assertTrue(paths.containsKey(path), "missing " + path);
            for (String method : methods) {
                Map<String, Object> operation = (Map<String, Object>) paths.get(path).get(method);
                assertTrue(operation != null && operation.containsKey("responses"), "missing " + method + " " + path);
            }
        });
    }

    @Test
    void shouldServeSwaggerUi() {
        Response page = stack.get("/docs");
        Response bundle = stack.get("/docs/swagger-ui-bundle.js");
        Response init = stack.get("/docs/gavel-swagger.js");

        assertEquals(200, page.status());
        assertTrue(page.header("Content-Type").startsWith("text/html"));
        assertTrue(page.body().contains("swagger-ui-bundle.js"));
        assertEquals(200, bundle.status());
        assertEquals(200, init.status());
        assertTrue(init.body().contains("/openapi.yml"));
    }
}
