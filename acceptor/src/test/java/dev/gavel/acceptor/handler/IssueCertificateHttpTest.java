package dev.gavel.acceptor.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.Concurrently;
import dev.gavel.acceptor.support.TestData;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** POST /certificates through the running acceptor: grants, refusals, bad input, idempotency. */
class IssueCertificateHttpTest {

    private static final String CS_KEY = TestData.KEYS.shareClass("CS");
    private static final String CS_EVENTS = TestData.KEYS.eventsOf("CS");
    private static final String ISSUER = TestData.basic("issuer", "issuer-pw");
    private static final String JOHN = TestData.basic("john", "12345");
    private static final String SALT_BAE = "{\"name\": \"Salt Bae\", \"amount\": 10, \"class\": \"CS\"}";

    @RegisterExtension
    static final AcceptorFixture fixture = AcceptorFixture.withConfig(Map.of("GAVEL_COMPANY", "Gavel \"Test\" Inc."));

    @BeforeEach
    void freshData() {
        fixture.flushAll();
        fixture.issuer("issuer", "issuer-pw");
        fixture.user("john", "12345");
        fixture.shareClass(CS_KEY, 2_600_000);
    }

    @Test
    void shouldRespondWithCreatedAndRecordTheCertificate() {
        // given
        long before = Instant.now().toEpochMilli();

        // when
        HttpResponse<String> response = fixture.acceptor().certificate(SALT_BAE, ISSUER, null);

        // then
        assertEquals(201, response.statusCode(), response.body());
        String issuedAt = new JsonObject(response.body()).getString("issued_at");
        assertTrue(issuedAt.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z"), issuedAt);
        assertTrue(Instant.parse(issuedAt).toEpochMilli() >= before);
        assertEquals("{\"cert_id\":\"CS-1\",\"stakeholder\":\"Salt Bae\",\"company\":\"Gavel \\\"Test\\\" Inc.\","
                + "\"class\":\"CS\",\"amount\":10,\"issued_at\":\"" + issuedAt + "\"}", response.body());
        assertEquals("1", fixture.probe().text("HGET", CS_KEY, "certificates"));
        assertEquals("10", fixture.probe().text("HGET", CS_KEY, "issued"));
        String tsUs = Long.toString(micros(Instant.parse(issuedAt)));
        JsonObject record = new JsonObject(fixture.probe().text("LINDEX", CS_KEY + ":certs", "0"));
        assertEquals(new JsonObject().put("number", "1").put("stakeholder", "Salt Bae").put("amount", "10")
                .put("user", "issuer").put("ts_us", tsUs).put("company", "Gavel \"Test\" Inc."), record);
        assertEquals(List.of("1"), members(CS_KEY + ":holder:U2FsdCBCYWU"));
        Map<String, String> event = lastEvent(CS_EVENTS);
        assertEquals(Map.ofEntries(Map.entry("type", "certificate"), Map.entry("event_id", "certificate:CS-1"),
                Map.entry("cert_id", "CS-1"), Map.entry("class", "CS"), Map.entry("number", "1"),
                Map.entry("stakeholder", "Salt Bae"), Map.entry("amount", "10"), Map.entry("user", "issuer"),
                Map.entry("ts_us", tsUs), Map.entry("v", "2")), event);
    }

    @Test
    void shouldNumberEachClassFromOneWithoutGaps() {
        // given
        fixture.shareClass(TestData.KEYS.shareClass("PS"), 750_000);

        // when
        List<String> ids = new ArrayList<>();
        for (String shareClass : List.of("CS", "PS", "CS", "CS", "PS")) {
            HttpResponse<String> response = fixture.acceptor().certificate(
                    "{\"name\": \"Otto\", \"amount\": 2, \"class\": \"" + shareClass + "\"}", ISSUER, null);
            ids.add(new JsonObject(response.body()).getString("cert_id"));
        }

        // then
        assertEquals(List.of("CS-1", "PS-1", "CS-2", "CS-3", "PS-2"), ids);
        assertEquals("6", fixture.probe().text("HGET", CS_KEY, "issued"));
        assertEquals("4", fixture.probe().text("HGET", TestData.KEYS.shareClass("PS"), "issued"));
    }

    @Test
    void shouldDenyAGrantLargerThanWhatIsLeftAndChangeNothing() {
        // given
        fixture.shareClass(TestData.KEYS.shareClass("CS"), 15);
        assertEquals(201, fixture.acceptor().certificate(SALT_BAE, ISSUER, null).statusCode());
        Snapshot before = Snapshot.of(CS_KEY, CS_EVENTS);

        // when
        HttpResponse<String> response = fixture.acceptor().certificate(
                "{\"name\": \"Greedy\", \"amount\": 6, \"class\": \"CS\"}", ISSUER, null);

        // then
        assertEquals(403, response.statusCode(), response.body());
        assertEquals(new JsonObject().put("error", "forbidden")
                .put("message", "the grant was denied: class 'CS' has 5 shares left, 6 were asked")
                .put("remaining", 5), new JsonObject(response.body()));
        assertEquals(before, Snapshot.of(CS_KEY, CS_EVENTS));
        assertEquals(201, fixture.acceptor().certificate("{\"name\": \"Exact\", \"amount\": 5, \"class\": \"CS\"}", ISSUER, null)
                .statusCode());
        assertEquals("CS-2", new JsonObject(fixture.probe().text("LINDEX", CS_KEY + ":certs", "1")).getString("number")
                .transform(n -> "CS-" + n));
    }

    @Test
    void shouldGrantExactlyFourteenOfThirtyConcurrentRequestsForSevenOfAHundredShares() throws Exception {
        // given
        fixture.redis().command("DEL", CS_KEY);
        fixture.shareClass(CS_KEY, 100);
        List<Callable<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String body = "{\"name\": \"holder " + i + "\", \"amount\": 7, \"class\": \"CS\"}";
            requests.add(() -> fixture.acceptor().certificate(body, ISSUER, null));
        }

        // when
        ExecutorService pool = Executors.newFixedThreadPool(30);
        List<HttpResponse<String>> responses = new ArrayList<>();
        try {
            for (Future<HttpResponse<String>> response : pool.invokeAll(requests)) {
                responses.add(response.get());
            }
        } finally {
            pool.shutdownNow();
        }

        // then
        List<String> granted = new ArrayList<>();
        int denied = 0;
        for (HttpResponse<String> response : responses) {
            if (response.statusCode() == 201) {
                granted.add(new JsonObject(response.body()).getString("cert_id"));
            } else {
                assertEquals(403, response.statusCode(), response.body());
                assertEquals("forbidden", new JsonObject(response.body()).getString("error"));
                assertTrue(new JsonObject(response.body()).getLong("remaining") < 7, response.body());
                denied++;
            }
        }
        assertEquals(14, granted.size());
        assertEquals(16, denied);
        assertEquals(List.of("CS-1", "CS-10", "CS-11", "CS-12", "CS-13", "CS-14", "CS-2", "CS-3", "CS-4", "CS-5",
                "CS-6", "CS-7", "CS-8", "CS-9"), granted.stream().sorted().toList());
        assertEquals("98", fixture.probe().text("HGET", CS_KEY, "issued"));
        assertEquals(2L, 100 - Long.parseLong(fixture.probe().text("HGET", CS_KEY, "issued")));
        assertEquals(14L, fixture.probe().number("LLEN", CS_KEY + ":certs"));
    }

    @Test
    void shouldRespondWithNotFoundForAnUnknownClassAndChangeNothing() {
        // given
        Snapshot before = Snapshot.of(TestData.KEYS.shareClass("PS"), TestData.KEYS.eventsOf("PS"));

        // when
        HttpResponse<String> response = fixture.acceptor().certificate(
                "{\"name\": \"Salt Bae\", \"amount\": 10, \"class\": \"PS\"}", ISSUER, null);

        // then
        assertEquals(404, response.statusCode(), response.body());
        assertEquals("not_found", new JsonObject(response.body()).getString("error"));
        assertEquals(before, Snapshot.of(TestData.KEYS.shareClass("PS"), TestData.KEYS.eventsOf("PS")));
        assertEquals(0L, fixture.probe().number("EXISTS", TestData.KEYS.shareClass("PS")));
    }

    @Test
    void shouldRespondWithForbiddenForAUserWithoutTheIssuerRoleAndUnauthorizedWithoutCredentials() {
        // when
        HttpResponse<String> bidder = fixture.acceptor().certificate(SALT_BAE, JOHN, null);
        HttpResponse<String> anonymous = fixture.acceptor().certificate(SALT_BAE, null, null);

        // then
        assertEquals(403, bidder.statusCode(), bidder.body());
        assertEquals(new JsonObject().put("error", "forbidden").put("message", "user 'john' lacks the issuer role"),
                new JsonObject(bidder.body()));
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertEquals("Basic realm=\"gavel\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(0L, fixture.probe().number("XLEN", CS_EVENTS));
        assertEquals(null, fixture.probe().text("HGET", CS_KEY, "issued"));
    }

    @Test
    void shouldRespondWithBadRequestForEveryMalformedBodyAndChangeNothing() {
        // given
        assertEquals(201, fixture.acceptor().certificate(SALT_BAE, ISSUER, null).statusCode());
        Snapshot before = Snapshot.of(CS_KEY, CS_EVENTS);
        List<String> bodies = List.of(
                "{\"name\": \"A\", \"amount\": 0, \"class\": \"CS\"}",
                "{\"name\": \"A\", \"amount\": -3, \"class\": \"CS\"}",
                "{\"name\": \"A\", \"amount\": 1.5, \"class\": \"CS\"}",
                "{\"name\": \"A\", \"amount\": 10.0, \"class\": \"CS\"}",
                "{\"name\": \"A\", \"amount\": 1e3, \"class\": \"CS\"}",
                "{\"name\": \"A\", \"amount\": \"10\", \"class\": \"CS\"}",
                "{\"name\": \"A\", \"amount\": 1000000000000000001, \"class\": \"CS\"}",
                "{\"name\": \"A\", \"amount\": null, \"class\": \"CS\"}",
                "{\"name\": \"A\", \"amount\": true, \"class\": \"CS\"}",
                "{\"name\": 42, \"amount\": 1, \"class\": \"CS\"}",
                "{\"name\": [\"A\"], \"amount\": 1, \"class\": \"CS\"}",
                "{\"name\": \"\", \"amount\": 1, \"class\": \"CS\"}",
                "{\"name\": \"   \", \"amount\": 1, \"class\": \"CS\"}",
                "{\"name\": \"" + "x".repeat(201) + "\", \"amount\": 1, \"class\": \"CS\"}",
                "{\"name\": \"tab\\there\", \"amount\": 1, \"class\": \"CS\"}",
                "{\"name\": \"A\", \"amount\": 1, \"class\": \"C S\"}",
                "{\"name\": \"A\", \"amount\": 1, \"class\": 7}",
                "{\"name\": \"A\", \"amount\": 1, \"class\": \"" + "C".repeat(65) + "\"}",
                "{\"amount\": 1, \"class\": \"CS\"}",
                "{\"name\": \"A\", \"class\": \"CS\"}",
                "{\"name\": \"A\", \"amount\": 1}",
                "{\"name\": \"A\", \"amount\": 1, \"class\": \"CS\", \"extra\": 1}",
                "{\"name\": \"A\", \"amount\": 1, \"amount\": 2, \"class\": \"CS\"}",
                "{\"name\": \"A\", \"amount\": 1, \"class\": \"CS\"} {}",
                "[1]",
                "not json",
                "");

        // when / then
        for (String body : bodies) {
            HttpResponse<String> response = fixture.acceptor().certificate(body, ISSUER, null);
            assertEquals(400, response.statusCode(), body + " -> " + response.body());
            assertEquals("bad_request", new JsonObject(response.body()).getString("error"), body);
        }
        assertEquals(before, Snapshot.of(CS_KEY, CS_EVENTS));
    }

    @Test
    void shouldAcceptANameOfExactlyTwoHundredCharactersOfAnyScript() {
        // given
        String name = "Ünïcödé 株式 ".repeat(20).substring(0, 200);

        // when
        HttpResponse<String> response = fixture.acceptor().certificate(
                new JsonObject().put("name", name).put("amount", 1).put("class", "CS").encode(), ISSUER, null);

        // then
        assertEquals(201, response.statusCode(), response.body());
        assertEquals(name, new JsonObject(response.body()).getString("stakeholder"));
        assertEquals(name, new JsonObject(fixture.probe().text("LINDEX", CS_KEY + ":certs", "0")).getString("stakeholder"));
    }

    @Test
    void shouldRespondWithUnsupportedMediaTypeForANonJsonBodyAndChangeNothing() {
        // when
        HttpResponse<String> response = fixture.acceptor().send(fixture.acceptor().request("/certificates")
                .header("Authorization", ISSUER).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(SALT_BAE)).build());

        // then
        assertEquals(415, response.statusCode(), response.body());
        assertEquals(0L, fixture.probe().number("XLEN", CS_EVENTS));
    }

    @Test
    void shouldReplayTheFirstResponseByteForByteForTheSameIdempotencyKey() {
        // given
        HttpResponse<String> first = fixture.acceptor().certificate(SALT_BAE, ISSUER, "order-42");

        // when
        HttpResponse<String> replay = fixture.acceptor().certificate(
                "{\"class\":\"CS\",\"amount\":10,\"name\":\"Salt Bae\"}", ISSUER, "order-42");

        // then
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, replay.statusCode(), replay.body());
        assertEquals(first.body(), replay.body());
        assertEquals("1", fixture.probe().text("HGET", CS_KEY, "certificates"));
        assertEquals("10", fixture.probe().text("HGET", CS_KEY, "issued"));
        assertEquals(1L, fixture.probe().number("XLEN", CS_EVENTS));
        long ttl = fixture.probe().number("TTL", TestData.KEYS.idempotency("CS", "issuer", "order-42"));
        assertTrue(ttl > 86_000 && ttl <= 86_400, "ttl " + ttl);
    }

    @Test
    void shouldIssueExactlyOnceForConcurrentReplaysOfOneKey() throws Exception {
        // when
        List<HttpResponse<String>> replays = Concurrently.send(20, () -> fixture.acceptor().certificate(SALT_BAE, ISSUER, "same-key"));

        // then
        for (HttpResponse<String> replay : replays) {
            assertEquals(201, replay.statusCode(), replay.body());
        }
        List<String> bodies = replays.stream().map(HttpResponse::body).toList();
        assertEquals(1, bodies.stream().distinct().count(), bodies.toString());
        assertEquals("CS-1", new JsonObject(bodies.get(0)).getString("cert_id"));
        assertEquals("1", fixture.probe().text("HGET", CS_KEY, "certificates"));
        assertEquals(1L, fixture.probe().number("XLEN", CS_EVENTS));
    }

    @Test
    void shouldRespondWithConflictWhenAKeyIsReusedForAnotherRequestAndChangeNothing() {
        // given
        assertEquals(201, fixture.acceptor().certificate(SALT_BAE, ISSUER, "k-1").statusCode());
        Snapshot before = Snapshot.of(CS_KEY, CS_EVENTS);

        // when
        HttpResponse<String> otherAmount = fixture.acceptor().certificate(
                "{\"name\": \"Salt Bae\", \"amount\": 11, \"class\": \"CS\"}", ISSUER, "k-1");
        HttpResponse<String> otherName = fixture.acceptor().certificate(
                "{\"name\": \"Salt Bae Jr\", \"amount\": 10, \"class\": \"CS\"}", ISSUER, "k-1");

        // then
        assertEquals(409, otherAmount.statusCode(), otherAmount.body());
        assertEquals("conflict", new JsonObject(otherAmount.body()).getString("error"));
        assertEquals(409, otherName.statusCode(), otherName.body());
        assertEquals(before, Snapshot.of(CS_KEY, CS_EVENTS));
    }

    @Test
    void shouldKeepIdempotencyKeysApartPerUser() {
        // given
        fixture.issuer("issuer2", "issuer2-pw");

        // when
        HttpResponse<String> first = fixture.acceptor().certificate(SALT_BAE, ISSUER, "shared");
        HttpResponse<String> second = fixture.acceptor().certificate(SALT_BAE, TestData.basic("issuer2", "issuer2-pw"), "shared");

        // then
        assertEquals("CS-1", new JsonObject(first.body()).getString("cert_id"));
        assertEquals("CS-2", new JsonObject(second.body()).getString("cert_id"));
    }

    @Test
    void shouldNotRecordARefusedGrantUnderItsIdempotencyKey() {
        // given
        HttpResponse<String> unknown = fixture.acceptor().certificate(
                "{\"name\": \"Salt Bae\", \"amount\": 10, \"class\": \"PS\"}", ISSUER, "retry-me");
        fixture.shareClass(TestData.KEYS.shareClass("PS"), 100);

        // when
        HttpResponse<String> retried = fixture.acceptor().certificate(
                "{\"name\": \"Salt Bae\", \"amount\": 10, \"class\": \"PS\"}", ISSUER, "retry-me");

        // then
        assertEquals(404, unknown.statusCode());
        assertEquals(201, retried.statusCode(), retried.body());
        assertEquals("PS-1", new JsonObject(retried.body()).getString("cert_id"));
    }

    @Test
    void shouldRespondWithBadRequestForAMalformedIdempotencyKeyAndChangeNothing() {
        for (String key : List.of("k".repeat(65), "tab\there", "naïve", " ")) {
            HttpResponse<String> response = fixture.acceptor().send(fixture.acceptor().request("/certificates")
                    .header("Authorization", ISSUER).header("Content-Type", "application/json")
                    .header("Idempotency-Key", key)
                    .POST(HttpRequest.BodyPublishers.ofString(SALT_BAE)).build());
            assertEquals(400, response.statusCode(), key + " -> " + response.body());
        }
        assertEquals(0L, fixture.probe().number("XLEN", CS_EVENTS));
        assertEquals(null, fixture.probe().text("HGET", CS_KEY, "certificates"));
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    private static List<String> members(String key) {
        List<String> members = new ArrayList<>();
        for (Response member : fixture.probe().call("ZRANGE", key, "0", "-1")) {
            members.add(member.toString());
        }
        return members;
    }

    private static Map<String, String> lastEvent(String stream) {
        Response entry = fixture.probe().call("XREVRANGE", stream, "+", "-", "COUNT", "1").get(0);
        Response fields = entry.get(1);
        Map<String, String> event = new HashMap<>();
        for (int i = 0; i < fields.size(); i += 2) {
            event.put(fields.get(i).toString(), fields.get(i + 1).toString());
        }
        return event;
    }

    /** Everything a grant could change in one class's partition. */
    private record Snapshot(Map<String, String> classHash, long certificates, long events, long keys) {

        static Snapshot of(String classKey, String events) {
            Map<String, String> hash = new HashMap<>();
            Response fields = fixture.probe().call("HGETALL", classKey);
            for (String field : fields.getKeys()) {
                hash.put(field, fields.get(field).toString());
            }
            return new Snapshot(hash, fixture.probe().number("LLEN", classKey + ":certs"), fixture.probe().number("XLEN", events),
                    fixture.probe().number("DBSIZE"));
        }
    }
}
