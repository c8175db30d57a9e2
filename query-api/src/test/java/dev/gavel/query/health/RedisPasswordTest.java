package dev.gavel.query.health;

import dev.gavel.query.support.TestStack;
import dev.gavel.testkit.RedisServer;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A Redis with a password (as docker compose runs it): query-api takes it in GAVEL_REDIS_URL. */
class RedisPasswordTest {

    @Test
    void shouldServeFromARedisThatRequiresAPassword() throws Exception {
        // given
        try (RedisServer redis = RedisServer.startFresh()) {
            redis.command("CONFIG", "SET", "requirepass", "s3cret-pw");

            // when
            EmbeddedServer server = TestStack.get().startAnotherInstance(Map.of(
                    "gavel.redis-url", "redis://:s3cret-pw@127.0.0.1:" + redis.port()));
            try {
                HttpResponse<String> health = HttpClient.newHttpClient().send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + "/health")).build(),
                        HttpResponse.BodyHandlers.ofString());

                // then
                assertEquals(200, health.statusCode(), health.body());
            } finally {
                server.stop();
            }
        }
    }
}
