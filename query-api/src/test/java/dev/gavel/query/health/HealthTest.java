package dev.gavel.query.health;

import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

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
        String username = TestStack.unique("orphan");
        stack.redisServer().kill();
        try {
            Response health = stack.get("/health");
            assertError(health, 503, "unavailable");
            assertTrue(health.json().get("message").toString().contains("redis"), health.toString());

            Response register = stack.postJson("/users",
                    "{\"username\":\"" + username + "\",\"password\":\"12345\"}");
            assertError(register, 503, "unavailable");
            assertError(stack.get("/users/" + username), 404, "not_found");
            assertError(stack.get("/items/anything/winner"), 503, "unavailable");
        } finally {
            stack.redisServer().start();
        }
        awaitHealthy();
        assertEquals(201, stack.postJson("/users",
                "{\"username\":\"" + username + "\",\"password\":\"12345\"}").status());
    }

    private void awaitHealthy() throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (stack.get("/health").status() != 200) {
            assertTrue(Instant.now().isBefore(deadline), "query-api did not reconnect to Redis");
            Thread.sleep(50);
        }
    }
}
