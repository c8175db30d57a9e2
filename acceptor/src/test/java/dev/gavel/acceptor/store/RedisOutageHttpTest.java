package dev.gavel.acceptor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.RedisProbe;
import dev.gavel.acceptor.support.RunningAcceptor;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.testkit.RedisServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Redis down or slow: 503 unavailable within the bound, nothing recorded, and recovery without a restart. */
class RedisOutageHttpTest {

    private static final String ITEM_KEY = "gavel:{p15}:item:999";
    private static final String JOHN = TestData.basic("john", "12345");

    private RedisServer redis;
    private RunningAcceptor acceptor;

    @BeforeEach
    void startAcceptor() {
        redis = RedisServer.startFresh();
        TestData.user(redis, "john", "12345", "1");
        TestData.openItem(redis, ITEM_KEY);
        acceptor = RunningAcceptor.start(redis.uri());
    }

    @AfterEach
    void stopAcceptor() {
        acceptor.close();
        redis.close();
    }

    @Test
    void shouldRespondWithUnavailableQuicklyWhenRedisIsDownAndRecoverWhenItReturns() {
        // given
        assertEquals(201, acceptor.bid("999", "{\"amount\": 1}", JOHN).statusCode());
        redis.kill();

        // when
        Instant start = Instant.now();
        HttpResponse<String> refused = acceptor.bid("999", "{\"amount\": 2}", JOHN);
        Duration took = Duration.between(start, Instant.now());
        HttpResponse<String> health = acceptor.send("GET", "/acceptor/health");

        // then
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(took.toMillis() < 2000, "503 took " + took);
        assertEquals(new JsonObject().put("error", "unavailable")
                .put("message", "the store is unavailable; the write was not recorded"), new JsonObject(refused.body()));
        assertEquals(503, health.statusCode());
        assertEquals(new JsonObject().put("error", "unavailable").put("message", "redis is unreachable"),
                new JsonObject(health.body()));

        // when Redis comes back (with an empty script cache)
        redis.start();
        HttpResponse<String> accepted = bidUntilAccepted(Duration.ofSeconds(10));

        // then
        assertEquals(201, accepted.statusCode(), accepted.body());
        assertEquals(2L, new JsonObject(accepted.body()).getLong("seq"));
        try (RedisProbe probe = new RedisProbe(redis.uri())) {
            assertEquals(2L, probe.number("LLEN", ITEM_KEY + ":bids"));
            assertEquals(2L, probe.number("XLEN", "gavel:{p15}:events"));
        }
        assertEquals(200, acceptor.send("GET", "/health").statusCode());
    }

    @Test
    void shouldRespondWithUnavailableWithinTheTimeoutWhenRedisDoesNotAnswer() {
        // given
        assertEquals(201, acceptor.bid("999", "{\"amount\": 1}", JOHN).statusCode());
        redis.command("CLIENT", "PAUSE", "2500", "ALL");

        // when
        Instant start = Instant.now();
        HttpResponse<String> response = acceptor.bid("999", "{\"amount\": 2}", JOHN);
        Duration took = Duration.between(start, Instant.now());

        // then
        assertEquals(503, response.statusCode(), response.body());
        assertEquals("unavailable", new JsonObject(response.body()).getString("error"));
        assertTrue(took.toMillis() >= 1400 && took.toMillis() < 2000, "503 took " + took);
    }

    private HttpResponse<String> bidUntilAccepted(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        HttpResponse<String> response = acceptor.bid("999", "{\"amount\": 3}", JOHN);
        while (response.statusCode() == 503 && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            response = acceptor.bid("999", "{\"amount\": 3}", JOHN);
        }
        return response;
    }
}
