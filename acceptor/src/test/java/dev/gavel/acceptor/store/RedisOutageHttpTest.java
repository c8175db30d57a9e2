package dev.gavel.acceptor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.RedisProbe;
import dev.gavel.acceptor.support.TestData;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Redis down: 503 unavailable within the bound, nothing recorded, and recovery without a restart. Redis not
 * answering a write it was sent: 504 outcome_unknown within the bound.
 */
class RedisOutageHttpTest {

    private static final String ITEM_KEY = TestData.KEYS.item("999");
    private static final String JOHN = TestData.basic("john", "12345");

    /** Its own Redis per test: the tests kill and pause it. */
    @RegisterExtension
    final AcceptorFixture fixture = AcceptorFixture.withDefaults();

    @BeforeEach
    void seed() {
        fixture.user("john", "12345");
        fixture.openItem(ITEM_KEY);
    }

    @Test
    void shouldRespondWithUnavailableQuicklyWhenRedisIsDownAndRecoverWhenItReturns() {
        // given
        assertEquals(201, fixture.acceptor().bid("999", "{\"amount\": 1}", JOHN).statusCode());
        fixture.redis().kill();

        // when
        Instant start = Instant.now();
        HttpResponse<String> refused = fixture.acceptor().bid("999", "{\"amount\": 2}", JOHN);
        Duration took = Duration.between(start, Instant.now());
        HttpResponse<String> health = fixture.acceptor().send("GET", "/acceptor/health");

        // then
        assertEquals(503, refused.statusCode(), refused.body());
        assertTrue(took.toMillis() < 2000, "503 took " + took);
        assertEquals(new JsonObject().put("error", "unavailable")
                .put("message", "the store could not be reached; the write was not recorded"), new JsonObject(refused.body()));
        assertEquals(503, health.statusCode());
        assertEquals(new JsonObject().put("error", "unavailable").put("message", "redis is unreachable"),
                new JsonObject(health.body()));

        // when Redis comes back (with an empty script cache)
        fixture.redis().start();
        HttpResponse<String> accepted = bidUntilAccepted(Duration.ofSeconds(10));

        // then
        assertEquals(201, accepted.statusCode(), accepted.body());
        assertEquals(2L, new JsonObject(accepted.body()).getLong("seq"));
        try (RedisProbe probe = new RedisProbe(fixture.redis().uri())) {
            assertEquals(2L, probe.number("LLEN", ITEM_KEY + ":bids"));
            assertEquals(2L, probe.number("XLEN", TestData.KEYS.eventsOf("999")));
        }
        assertEquals(200, fixture.acceptor().send("GET", "/health").statusCode());
    }

    @Test
    void shouldRespondWithOutcomeUnknownWithinTheTimeoutWhenRedisDoesNotAnswerAWriteItWasSent() {
        // given
        assertEquals(201, fixture.acceptor().bid("999", "{\"amount\": 1}", JOHN).statusCode());
        fixture.redis().command("CLIENT", "PAUSE", "2500", "WRITE");

        // when
        Instant start = Instant.now();
        HttpResponse<String> response = fixture.acceptor().bid("999", "{\"amount\": 2}", JOHN);
        Duration took = Duration.between(start, Instant.now());

        // then: the bid was sent, so the acceptor cannot say it was not recorded (and Redis does record it)
        assertEquals(504, response.statusCode(), response.body());
        assertEquals(new JsonObject().put("error", "outcome_unknown").put("message", "the write was sent to the store "
                + "but no answer came in time; it may have been recorded: retry with the same Idempotency-Key to find out"),
                new JsonObject(response.body()));
        assertTrue(took.toMillis() >= 1400 && took.toMillis() < 2000, "504 took " + took);
        try (RedisProbe probe = new RedisProbe(fixture.redis().uri())) {
            assertTrue(eventually(() -> probe.number("LLEN", ITEM_KEY + ":bids") == 2L), "the paused bid never ran");
        }
    }

    private static boolean eventually(BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(5);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
        return true;
    }

    private HttpResponse<String> bidUntilAccepted(Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        HttpResponse<String> response = fixture.acceptor().bid("999", "{\"amount\": 3}", JOHN);
        while (response.statusCode() == 503 && Instant.now().isBefore(deadline)) {
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            response = fixture.acceptor().bid("999", "{\"amount\": 3}", JOHN);
        }
        return response;
    }
}
