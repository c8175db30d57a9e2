package dev.gavel.acceptor.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.RunningAcceptor;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.testkit.RedisServer;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bearer tokens on the bid path: accepted like Basic, refused when tampered, expired or older than a credential change. */
class BearerAuthHttpTest {

    private static RedisServer redis;
    private static RunningAcceptor acceptor;

    @BeforeAll
    static void startAcceptor() {
        redis = RedisServer.startFresh();
        acceptor = RunningAcceptor.start(redis.uri());
        TestData.openItem(redis, "gavel:{p15}:item:999");
    }

    @AfterAll
    static void stopAcceptor() {
        acceptor.close();
        redis.close();
    }

    @Test
    void shouldAcceptABidWithAValidToken() {
        // given
        TestData.user(redis, "tess", "12345", "1");
        String token = token("tess", "1", epochSeconds() + 60);

        // when
        HttpResponse<String> response = acceptor.bid("999", "{\"amount\": 3}", "Bearer " + token);

        // then
        assertEquals(201, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"user\":\"tess\""), response.body());
    }

    @Test
    void shouldRespondWithUnauthorizedForATamperedToken() {
        // given
        TestData.user(redis, "tom", "12345", "1");
        String token = token("tom", "1", epochSeconds() + 60);
        String tampered = token.replaceFirst("^.", token.charAt(0) == 'd' ? "e" : "d");

        // when
        HttpResponse<String> response = acceptor.bid("999", null, "Bearer " + tampered);

        // then
        assertEquals(401, response.statusCode(), response.body());
        assertEquals("Basic realm=\"gavel\"", response.headers().firstValue("WWW-Authenticate").orElse(null));
        assertTrue(response.body().contains("\"error\":\"unauthorized\""), response.body());
    }

    @Test
    void shouldRespondWithUnauthorizedForAnExpiredToken() {
        // given
        TestData.user(redis, "ted", "12345", "1");

        // when
        HttpResponse<String> response = acceptor.bid("999", null, "Bearer " + token("ted", "1", epochSeconds() - 1));

        // then
        assertEquals(401, response.statusCode(), response.body());
    }

    @Test
    void shouldRespondWithUnauthorizedForATokenSignedWithAnotherSecret() {
        // given
        TestData.user(redis, "tia", "12345", "1");
        String token = TestData.token("not-the-secret", "tia", "1", "bidder", epochSeconds() + 60);

        // when / then
        assertEquals(401, acceptor.bid("999", null, "Bearer " + token).statusCode());
    }

    @Test
    void shouldRefuseATokenWithinTheRevalidationIntervalAfterACredentialChange() {
        // given
        TestData.user(redis, "tina", "12345", "1");
        String token = "Bearer " + token("tina", "1", epochSeconds() + 60);
        assertEquals(201, acceptor.bid("999", null, token).statusCode());

        // when
        TestData.user(redis, "tina", "67890", "2");
        Instant changedAt = Instant.now();
        int status = 201;
        while (status == 201 && Duration.between(changedAt, Instant.now()).toMillis() < 5000) {
            status = acceptor.bid("999", null, token).statusCode();
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        Duration took = Duration.between(changedAt, Instant.now());

        // then
        assertEquals(401, status);
        assertTrue(took.toMillis() < 3000, "the old token kept working for " + took);
        assertEquals(201, acceptor.bid("999", null, "Bearer " + token("tina", "2", epochSeconds() + 60)).statusCode());
    }

    @Test
    void shouldRefuseATokenOfAUserThatDoesNotExist() {
        // when
        HttpResponse<String> response = acceptor.bid("999", null, "Bearer " + token("ghost", "1", epochSeconds() + 60));

        // then
        assertEquals(401, response.statusCode(), response.body());
    }

    @Test
    void shouldCountRequestsPerRouteInPrometheusText() {
        // given
        TestData.user(redis, "tara", "12345", "1");
        acceptor.bid("999", null, "Bearer " + token("tara", "1", epochSeconds() + 60));

        // when
        HttpResponse<String> metrics = acceptor.get("/acceptor/metrics");
        HttpResponse<String> plain = acceptor.get("/metrics");

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
