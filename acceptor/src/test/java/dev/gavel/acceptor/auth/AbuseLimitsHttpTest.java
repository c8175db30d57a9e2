package dev.gavel.acceptor.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.TestData;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The contract's abuse limits on the acceptor, at their default values, with client addresses as nginx forwards them. */
class AbuseLimitsHttpTest {

    private static final String ITEM = "999";
    private static final long FAILURE_DELAY_MS = 100;

    @RegisterExtension
    static final AcceptorFixture fixture = AcceptorFixture.withConfig(Map.of(
            AbuseSettings.ADDRESS_FAILURES, "50",
            AbuseSettings.FAILURE_DELAY_MS, Long.toString(FAILURE_DELAY_MS)));

    @Test
    void shouldRespondWithTooManyRequestsAfterTenFailuresForOneUsernameEvenWithTheRightPassword() throws Exception {
        // given
        String victim = user();
        String bystander = user();
        for (int i = 0; i < 10; i++) {
            assertEquals(401, bid(victim, "wrong-" + i, address()).statusCode());
        }

        // when
        HttpResponse<String> response = bid(victim, "12345", address());

        // then
        assertTooMany(response);
        assertEquals(201, bid(bystander, "12345", address()).statusCode());
    }

    @Test
    void shouldRefuseNewCredentialsFromAnAddressAfterFiftyFailuresButLetSignedInUsersGoOn() throws Exception {
        // given
        String attacker = address();
        String signedIn = user();
        String newcomer = user();
        assertEquals(201, bid(signedIn, "12345", attacker).statusCode());
        for (int i = 0; i < 50; i++) {
            assertEquals(401, bid("nobody-" + UUID.randomUUID().toString().substring(0, 8), "wrong", attacker).statusCode());
        }

        // when
        HttpResponse<String> fresh = bid(newcomer, "12345", attacker);

        // then
        assertTooMany(fresh);
        assertEquals(201, bid(signedIn, "12345", attacker).statusCode());
        assertEquals(201, bid(newcomer, "12345", address()).statusCode());
    }

    @Test
    void shouldRunTheSlowHashForAUsernameThatDoesNotExist() throws Exception {
        // given
        long before = hashes();

        // when
        assertEquals(401, bid("ghost-" + UUID.randomUUID().toString().substring(0, 8), "12345", address()).statusCode());

        // then
        assertEquals(before + 1, hashes());
    }

    @Test
    void shouldAnswerARefusedSignInOnlyAfterTheFailureDelay() {
        // given
        String user = user();

        // when
        long start = System.nanoTime();
        HttpResponse<String> response = bid(user, "wrong", address());
        long tookMs = (System.nanoTime() - start) / 1_000_000;

        // then
        assertEquals(401, response.statusCode());
        assertTrue(tookMs >= FAILURE_DELAY_MS, "answered after " + tookMs + " ms");
    }

    private static void assertTooMany(HttpResponse<String> response) {
        assertEquals(429, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"error\":\"too_many_requests\""), response.body());
        long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    }

    private static String user() {
        String name = "u-" + UUID.randomUUID().toString().substring(0, 8);
        fixture.user(name, "12345");
        fixture.openItem(TestData.KEYS.item(ITEM));
        return name;
    }

    private static String address() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private static HttpResponse<String> bid(String user, String password, String from) {
        HttpRequest request = fixture.acceptor().request("/items/" + ITEM + "/bids")
                .header("Authorization", TestData.basic(user, password))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", from)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"amount\": 1}"))
                .build();
        return fixture.acceptor().send(request);
    }

    private static long hashes() {
        String metrics = fixture.acceptor().get("/metrics").body();
        return metrics.lines().filter(line -> line.startsWith("gavel_password_hashes_total "))
                .mapToLong(line -> (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim()))
                .findFirst().orElse(-1);
    }
}
