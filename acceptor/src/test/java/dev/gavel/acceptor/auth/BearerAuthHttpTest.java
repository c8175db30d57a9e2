package dev.gavel.acceptor.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.TestData;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Bearer tokens on the bid path: accepted like Basic, refused when tampered, expired or older than a credential change. */
class BearerAuthHttpTest {

    @RegisterExtension
    static final AcceptorFixture fixture = AcceptorFixture.withDefaults();

    @BeforeAll
    static void seed() {
        fixture.openItem(TestData.KEYS.item("999"));
    }

    @Test
    void shouldAcceptABidWithAValidToken() {
        // given
        fixture.user("tess", "12345");
        String token = token("tess", "1", epochSeconds() + 60);

        // when
        HttpResponse<String> response = fixture.acceptor().bid("999", "{\"amount\": 3}", "Bearer " + token);

        // then
        assertEquals(201, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"user\":\"tess\""), response.body());
    }

    @Test
    void shouldRespondWithUnauthorizedForATamperedToken() {
        // given
        fixture.user("tom", "12345");
        String token = token("tom", "1", epochSeconds() + 60);
        String tampered = token.replaceFirst("^.", token.charAt(0) == 'd' ? "e" : "d");

        // when
        HttpResponse<String> response = fixture.acceptor().bid("999", null, "Bearer " + tampered);

        // then
        assertEquals(401, response.statusCode(), response.body());
        assertEquals("Basic realm=\"gavel\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
        assertTrue(response.body().contains("\"error\":\"unauthorized\""), response.body());
    }

    @Test
    void shouldRespondWithUnauthorizedForAnExpiredToken() {
        // given
        fixture.user("ted", "12345");

        // when
        HttpResponse<String> response = fixture.acceptor().bid("999", null, "Bearer " + token("ted", "1", epochSeconds() - 1));

        // then
        assertEquals(401, response.statusCode(), response.body());
    }

    @Test
    void shouldRespondWithUnauthorizedForATokenSignedWithAnotherSecret() {
        // given
        fixture.user("tia", "12345");
        String token = TestData.token("not-the-secret", "tia", "1", "bidder", epochSeconds() + 60);

        // when / then
        assertEquals(401, fixture.acceptor().bid("999", null, "Bearer " + token).statusCode());
    }

    @Test
    void shouldRefuseATokenWithinTheRevalidationIntervalAfterACredentialChange() {
        // given
        fixture.user("tina", "12345");
        String token = "Bearer " + token("tina", "1", epochSeconds() + 60);
        assertEquals(201, fixture.acceptor().bid("999", null, token).statusCode());

        // when
        TestData.user(fixture.redis(), "tina", "67890", "2");
        Instant changedAt = Instant.now();
        int status = 201;
        while (status == 201 && Duration.between(changedAt, Instant.now()).toMillis() < 5000) {
            status = fixture.acceptor().bid("999", null, token).statusCode();
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        Duration took = Duration.between(changedAt, Instant.now());

        // then
        assertEquals(401, status);
        assertTrue(took.toMillis() < 3000, "the old token kept working for " + took);
        assertEquals(201, fixture.acceptor().bid("999", null, "Bearer " + token("tina", "2", epochSeconds() + 60)).statusCode());
    }

    @Test
    void shouldRefuseATokenOfAUserThatDoesNotExist() {
        // when
        HttpResponse<String> response = fixture.acceptor().bid("999", null, "Bearer " + token("ghost", "1", epochSeconds() + 60));

        // then
        assertEquals(401, response.statusCode(), response.body());
    }

    @Test
    void shouldCountRequestsPerRouteInPrometheusText() {
        // given
        fixture.user("tara", "12345");
        fixture.acceptor().bid("999", null, "Bearer " + token("tara", "1", epochSeconds() + 60));

        // when
        HttpResponse<String> metrics = fixture.acceptor().get("/acceptor/metrics");
        HttpResponse<String> plain = fixture.acceptor().get("/metrics");

        // then
        assertEquals(200, metrics.statusCode());
        assertEquals(200, plain.statusCode());
        assertTrue(metrics.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        String body = metrics.body();
        assertTrue(body.contains("gavel_http_requests_total{route=\"PUT /items/:item/bids\",status=\"201\"}"), body);
        assertTrue(body.contains("gavel_http_request_duration_seconds_bucket{route=\"PUT /items/:item/bids\",le=\"+Inf\"}"), body);
        assertTrue(body.contains("gavel_redis_command_duration_seconds_count "), body);
    }

    private static String token(String username, String ver, long expires) {
        return TestData.token(TestData.TOKEN_SECRET, username, ver, "bidder", expires);
    }

    private static long epochSeconds() {
        return System.currentTimeMillis() / 1000;
    }
}
