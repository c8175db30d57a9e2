package dev.gavel.acceptor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.testkit.Signals;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What each failure tells the client. Redis frozen (SIGSTOP) with a certificate grant sent: 504
 * outcome_unknown, and the retry with the same Idempotency-Key after SIGCONT answers the grant Redis did
 * make, once. A read that times out (a credential lookup) records nothing: 503. An error reply of a
 * script is a bug: 500, counted per script and error code.
 */
class HonestOutcomesHttpTest {

    private static final String CS_KEY = TestData.KEYS.shareClass("CS");
    private static final String ISSUER = TestData.basic("issuer", "issuer-pw");
    private static final String GRANT = "{\"name\": \"Salt Bae\", \"amount\": 10, \"class\": \"CS\"}";

    /** Its own Redis per test: the tests freeze it. Cached credentials are not re-checked during a test. */
    @RegisterExtension
    final AcceptorFixture fixture = AcceptorFixture.withConfig(Map.of("GAVEL_AUTH_REVALIDATE_MS", "5000"));

    @BeforeEach
    void seed() {
        fixture.issuer("issuer", "issuer-pw");
        fixture.issuer("other", "other-pw");
        fixture.shareClass(CS_KEY, 2_600_000);
    }

    @Test
    void shouldAnswerOutcomeUnknownForAGrantSentToAFrozenRedisAndResolveItOnceWithTheSameKey() {
        // given
        assertEquals(201, fixture.acceptor().certificate(GRANT, ISSUER, "first").statusCode());
        long pid = fixture.redis().pid();
        HttpResponse<String> sent;
        Duration took;
        HttpResponse<String> lookup;
        Signals.freeze(pid);
        try {
            // when
            Instant start = Instant.now();
            sent = fixture.acceptor().certificate(GRANT, ISSUER, "frozen");
            took = Duration.between(start, Instant.now());
            lookup = fixture.acceptor().certificate(GRANT, TestData.basic("other", "other-pw"), "never-sent");
        } finally {
            Signals.thaw(pid);
        }
        HttpResponse<String> retried = fixture.acceptor().certificate(GRANT, ISSUER, "frozen");
        HttpResponse<String> next = fixture.acceptor().certificate(GRANT, ISSUER, "after");

        // then
        assertEquals(504, sent.statusCode(), sent.body());
        assertEquals(new JsonObject().put("error", "outcome_unknown").put("message", "the write was sent to the store "
                + "but no answer came in time; it may have been recorded: retry with the same Idempotency-Key to find out"),
                new JsonObject(sent.body()));
        assertTrue(took.toMillis() < 2000, "504 took " + took);
        assertEquals(503, lookup.statusCode(), "a credential lookup records nothing: " + lookup.body());
        assertEquals("unavailable", new JsonObject(lookup.body()).getString("error"));
        assertEquals(201, retried.statusCode(), retried.body());
        assertEquals("CS-2", new JsonObject(retried.body()).getString("cert_id"));
        assertEquals("CS-3", new JsonObject(next.body()).getString("cert_id"));
        assertEquals(3L, fixture.probe().number("LLEN", CS_KEY + ":certs"), "one grant per request");
        assertEquals("30", fixture.probe().text("HGET", CS_KEY, "issued"));
    }

    @Test
    void shouldAnswerInternalAndCountAScriptErrorReplyInsteadOfUnavailable() {
        // given: the class's certificate list is not a list, so certificate.lua fails in Redis
        fixture.probe().text("SET", CS_KEY + ":certs", "not a list");

        // when
        HttpResponse<String> first = fixture.acceptor().certificate(GRANT, ISSUER, null);
        HttpResponse<String> second = fixture.acceptor().certificate(GRANT, ISSUER, null);
        String metrics = fixture.acceptor().send("GET", "/metrics").body();

        // then
        assertEquals(500, first.statusCode(), first.body());
        assertEquals(new JsonObject().put("error", "internal").put("message", "internal error"), new JsonObject(first.body()));
        assertEquals(500, second.statusCode(), second.body());
        assertTrue(metrics.matches("(?s).*\ngavel_redis_error_replies_total\\{code=\"[A-Z]+\",command=\"certificate\"} 2\\.0\n.*"),
                metrics);
    }
}
