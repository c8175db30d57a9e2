package dev.gavel.query.health;

import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import dev.gavel.testkit.RedisServer;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HealthTest {

    private final TestStack stack = TestStack.get();

    @Test
    void shouldReportBothStoresUp() {
        Response response = stack.get("/health");

        assertEquals(200, response.status(), response.toString());
        assertEquals("{\"status\":\"up\",\"redis\":\"up\",\"mongodb\":\"up\"}", response.body());
    }

    @Test
    void shouldAnswerUnavailableWhileRedisIsDownAndLeaveNoOrphanUser() throws InterruptedException {
        // given: a Redis and a query-api of this test's own, so killing Redis breaks no other test
        try (RedisServer redis = RedisServer.startFresh()) {
            EmbeddedServer instance = stack.startAnotherInstance(
                    Map.of("gavel.redis-url", redis.uri()));
            try {
                String username = TestStack.unique("orphan");
                String registration = "{\"username\":\"" + username + "\",\"password\":\"12345\"}";
                redis.kill();
                try {
                    Response health = get(instance, "/health");
                    assertError(health, 503, "unavailable");
                    assertTrue(health.json().get("message").toString().contains("redis"), health.toString());

                    assertError(post(instance, "/users", registration), 503, "unavailable");
                    assertError(get(instance, "/users/" + username), 404, "not_found");
                    assertError(get(instance, "/items/anything/winner"), 503, "unavailable");
                } finally {
                    redis.start();
                }
                awaitHealthy(instance);
                assertEquals(201, post(instance, "/users", registration).status());
            } finally {
                instance.stop();
            }
        }
    }

    private Response get(EmbeddedServer instance, String path) {
        return stack.send(HttpRequest.newBuilder(uri(instance, path)).GET());
    }

    private Response post(EmbeddedServer instance, String path, String body) {
        return stack.send(HttpRequest.newBuilder(uri(instance, path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static URI uri(EmbeddedServer instance, String path) {
        return URI.create("http://127.0.0.1:" + instance.getPort() + path);
    }

    private void awaitHealthy(EmbeddedServer instance) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (get(instance, "/health").status() != 200) {
            assertTrue(Instant.now().isBefore(deadline), "query-api did not reconnect to Redis");
            Thread.sleep(50);
        }
    }
}
