package dev.gavel.query.auth;

import dev.gavel.query.support.TestStack;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The contract's abuse limits at their default values, on an instance of their own (the shared one raises them). */
class AbuseLimitsApiTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static EmbeddedServer instance;

    @BeforeAll
    static void start() {
        instance = TestStack.get().startAnotherInstance(Map.of(
                "gavel.abuse.registrations-per-minute", 120,
                "gavel.abuse.address-failures", 50,
                "gavel.abuse.user-failures", 10));
    }

    @AfterAll
    static void stop() {
        instance.stop();
    }

    @Test
    void shouldRespondWithTooManyRequestsAfterTenFailuresForOneUsernameEvenWithTheRightPassword() throws Exception {
        // given
        String user = register(address());
        for (int i = 0; i < 10; i++) {
            assertEquals(401, signIn(user, "wrong-" + i, address()).statusCode());
        }

        // when
        HttpResponse<String> response = signIn(user, "12345", address());

        // then
        assertTooMany(response);
        assertEquals(201, signIn(register(address()), "12345", address()).statusCode());
    }

    @Test
    void shouldRefuseNewCredentialsFromAnAddressAfterFiftyFailuresButLetSignedInUsersGoOn() throws Exception {
        // given
        String attacker = address();
        String signedIn = register(address());
        String newcomer = register(address());
        assertEquals(201, signIn(signedIn, "12345", attacker).statusCode());
        for (int i = 0; i < 50; i++) {
            assertEquals(401, signIn(TestStack.unique("nobody"), "wrong", attacker).statusCode());
        }

        // when
        HttpResponse<String> fresh = signIn(newcomer, "12345", attacker);

        // then
        assertTooMany(fresh);
        assertEquals(201, signIn(signedIn, "12345", attacker).statusCode());
        assertEquals(201, signIn(newcomer, "12345", address()).statusCode());
    }

    @Test
    void shouldRespondWithTooManyRequestsAfter120RegistrationsFromOneAddress() throws Exception {
        // given
        String crowded = address();
        for (int i = 0; i < 120; i++) {
            assertEquals(400, post("/users", "{}", crowded).statusCode());
        }

        // when
        HttpResponse<String> response = post("/users",
                "{\"username\":\"" + TestStack.unique("reg") + "\",\"password\":\"12345\"}", crowded);

        // then
        assertTooMany(response);
        register(address());
    }

    @Test
    void shouldNotBelieveForwardedAddressesWrittenToTheLeftOfTheProxysOwn() throws Exception {
        // given: fifty failures from one client that writes a different fake address into each request
        String real = address();
        for (int i = 0; i < 50; i++) {
            HttpRequest request = HttpRequest.newBuilder(uri("/auth/tokens"))
                    .header("Authorization", TestStack.basic(TestStack.unique("nobody"), "wrong"))
                    .header("X-Forwarded-For", address() + ", " + real)
                    .POST(HttpRequest.BodyPublishers.noBody()).build();
            assertEquals(401, HTTP.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
        }

        // when
        HttpResponse<String> response = signIn(register(address()), "12345", real);

        // then
        assertTooMany(response);
    }

    private static void assertTooMany(HttpResponse<String> response) {
        assertEquals(429, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"error\":\"too_many_requests\""), response.body());
        long retryAfter = Long.parseLong(response.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(retryAfter >= 1 && retryAfter <= 60, "Retry-After " + retryAfter);
    }

    /** A client address of its own for each use, as nginx would forward it. */
    private static String address() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "10." + random.nextInt(256) + "." + random.nextInt(256) + "." + (1 + random.nextInt(254));
    }

    private static String register(String from) throws IOException, InterruptedException {
        String user = TestStack.unique("abuse");
        HttpResponse<String> created = post("/users", "{\"username\":\"" + user + "\",\"password\":\"12345\"}", from);
        assertEquals(201, created.statusCode(), created.body());
        return user;
    }

    private static HttpResponse<String> signIn(String user, String password, String from)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri("/auth/tokens"))
                .header("Authorization", TestStack.basic(user, password))
                .header("X-Forwarded-For", from)
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String body, String from) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("X-Forwarded-For", from)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + instance.getPort() + path);
    }
}
