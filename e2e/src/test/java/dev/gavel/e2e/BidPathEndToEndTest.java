package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.gavel.testkit.Promtool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The README's seed walkthrough, the bid path's error cases and a certificate, through nginx, against the real
 * stack started by {@code bin/gavel up}: Redis with AOF, the embedded MongoDB, query-api, the
 * acceptor and nginx, each a real process.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 5, unit = java.util.concurrent.TimeUnit.MINUTES)
class BidPathEndToEndTest {

    private static final String ADMIN = "admin:e2e-admin-secret";
    private static final String JOHN = "john:12345";
    private static final String OTTO = "otto:54321";

    /** Components of the stack that are not Gavel's own services; every other one serves /metrics. */
    private static final Set<String> NOT_SERVICES = Set.of("redis", "mongo", "nginx");

    private static Stack stack;
    private static Api api;

    @BeforeAll
    static void startStack() {
        stack = Stack.startWithDemo();
        api = new Api(stack.port());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void shouldRunTheSeedWalkthroughAsTheReadmeShowsIt() {
        // when
        Api.Reply johnBid = api.send("PUT", "/items/999/bids", JOHN, null);
        Api.Reply ottoBid = api.send("PUT", "/items/999/bids", OTTO, null);

        // then
        assertEquals(201, johnBid.status(), johnBid::toString);
        JsonNode john = johnBid.json();
        assertEquals("999", john.get("item").asText());
        assertEquals("john", john.get("user").asText());
        assertEquals(0, john.get("amount").asInt());
        assertEquals(1, john.get("seq").asLong());
        assertTrue(john.get("leading").asBoolean());
        assertTrue(john.get("ts").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"), john::toString);
        assertEquals(201, ottoBid.status(), ottoBid::toString);
        assertEquals(2, ottoBid.json().get("seq").asLong());
        assertFalse(ottoBid.json().get("leading").asBoolean());

        JsonNode winner = api.get("/items/999/winner").json();
        assertEquals("john", winner.get("user").asText(), winner::toString);
        assertEquals(1, winner.get("seq").asLong());
        assertFalse(winner.get("final").asBoolean());

        JsonNode bids = api.get("/items/999/bids").json();
        assertEquals("999", bids.get("item").asText());
        assertEquals(List.of("john", "otto"), bids.get("bids").findValuesAsText("user"), bids::toString);
        assertTrue(bids.get("next").isNull());

        // a user's items are derived by the processor within the contract's 1 s
        JsonNode johnsItems = api.awaitGet("/users/john/bids",
                reply -> reply.status() == 200 && reply.json().path("items").size() > 0).json();
        assertEquals("john", johnsItems.get("user").asText());
        JsonNode item = johnsItems.get("items").get(0);
        assertEquals("999", item.get("item").asText(), johnsItems::toString);
        assertEquals(1, item.get("bid_count").asInt());
        assertTrue(item.get("leading").asBoolean());
    }

    @Test
    @Order(2)
    void shouldLetAHigherBidTakeTheLead() {
        // given
        createItem("{\"id\": \"e2e-higher\", \"title\": \"Higher bid wins\"}");
        api.send("PUT", "/items/e2e-higher/bids", JOHN, "{\"amount\": 10}");

        // when
        Api.Reply otto = api.send("PUT", "/items/e2e-higher/bids", OTTO, "{\"amount\": \"10.50\"}");

        // then
        assertEquals(201, otto.status(), otto::toString);
        assertEquals(10.5, otto.json().get("amount").asDouble());
        assertTrue(otto.json().get("leading").asBoolean());
        JsonNode winner = api.get("/items/e2e-higher/winner").json();
        assertEquals("otto", winner.get("user").asText());
        assertEquals(10.5, winner.get("amount").asDouble());
        JsonNode item = api.get("/items/e2e-higher").json();
        assertEquals("open", item.get("status").asText(), item::toString);
        assertEquals(2, item.get("bid_count").asInt());
        assertEquals("otto", item.get("winning_bid").get("user").asText());
    }

    @Test
    @Order(3)
    void shouldAnswerBadRequestForEveryMalformedBid() {
        for (String body : List.of("{\"amount\": -1}", "{\"amount\": 1.234}", "{\"amount\": 1000000000001}",
                "{\"amount\": \"abc\"}", "{\"amount\": true}", "not json", "[1]", "{\"ammount\": 5}")) {
            assertError(api.send("PUT", "/items/999/bids", JOHN, body), 400, "bad_request");
        }
        assertError(api.send("PUT", "/items/" + "x".repeat(65) + "/bids", JOHN, null), 400, "bad_request");
        assertError(api.send("PUT", "/items/a*b/bids", JOHN, null), 400, "bad_request");
    }

    @Test
    @Order(4)
    void shouldAnswerUnauthorizedWithAChallengeForMissingOrWrongCredentials() {
        for (String credentials : new String[] {null, "john:wrong", "nobody:12345"}) {
            Api.Reply reply = api.send("PUT", "/items/999/bids", credentials, null);
            assertError(reply, 401, "unauthorized");
            assertEquals("Basic realm=\"gavel\"", reply.header("WWW-Authenticate").orElse(""), reply::toString);
        }
    }

    @Test
    @Order(5)
    void shouldAnswerNotFoundAndConflictForUnknownAndUnopenedItems() {
        // given
        createItem("{\"id\": \"e2e-later\", \"title\": \"Opens later\", \"opens_at\": \"2099-01-01T00:00:00Z\"}");
        String closesSoon = Instant.now().plusSeconds(1).toString();
        createItem("{\"id\": \"e2e-closing\", \"title\": \"Closes soon\", \"closes_at\": \"" + closesSoon + "\"}");

        // then
        assertError(api.send("PUT", "/items/no-such-item/bids", JOHN, null), 404, "not_found");
        assertError(api.send("PUT", "/items/e2e-later/bids", JOHN, null), 409, "conflict");
        assertError(api.get("/items/no-such-item/winner"), 404, "not_found");
        Api.Reply closed = awaitStatus(() -> api.send("PUT", "/items/e2e-closing/bids", JOHN, null), 409, Duration.ofSeconds(10));
        assertError(closed, 409, "conflict");
    }

    @Test
    @Order(6)
    void shouldAnswerPayloadTooLargeForABodyOverOneKibibyte() {
        String body = "{\"amount\": 1, \"pad\": \"" + "x".repeat(2048) + "\"}";

        assertError(api.send("PUT", "/items/999/bids", JOHN, body), 413, "payload_too_large");
    }

    @Test
    @Order(7)
    void shouldAnswerUnavailableWhileRedisIsDownRecordNothingAndRecoverByItself() {
        // given
        long bidsBefore = api.get("/items/999").json().get("bid_count").asLong();
        // every node of it, when the stack runs on a local Redis Cluster
        for (String redis : stack.redisComponents()) {
            ProcessHandle.of(stack.pidOf(redis)).ifPresent(process -> ProcessExit.kill(process, Duration.ofSeconds(30)));
        }
        awaitStatus(() -> api.send("PUT", "/items/999/bids", JOHN, null), 503, Duration.ofSeconds(10));

        // when
        Instant start = Instant.now();
        Api.Reply refused = api.send("PUT", "/items/999/bids", JOHN, null);
        Duration took = Duration.between(start, Instant.now());

        // then
        assertError(refused, 503, "unavailable");
        assertTrue(took.compareTo(Duration.ofMillis(2500)) < 0, "503 took " + took);
        assertTrue(stack.gavel("status", 30).contains("stopped"));

        // when: up restarts only what died
        stack.gavel("up", 120);

        // then
        Api.Reply accepted = awaitStatus(() -> api.send("PUT", "/items/999/bids", JOHN, null), 201, Duration.ofSeconds(10));
        assertEquals(bidsBefore + 1, accepted.json().get("seq").asLong(), "the refused bids must not have been recorded");
    }

    @Test
    @Order(8)
    void shouldIssueACertificateThroughNginxAndReadItBack() {
        // given
        String body = "{\"name\": \"Salt Bae\", \"amount\": 10, \"class\": \"CS\"}";

        // when
        Api.Reply issued = api.send("POST", "/certificates", ADMIN, body, "e2e-cert-1");
        Api.Reply replay = api.send("POST", "/certificates", ADMIN, body, "e2e-cert-1");
        Api.Reply denied = api.send("POST", "/certificates", ADMIN,
                "{\"name\": \"Greedy\", \"amount\": 750001, \"class\": \"PS\"}");

        // then
        assertEquals(201, issued.status(), issued::toString);
        JsonNode certificate = issued.json();
        assertEquals("CS-1", certificate.get("cert_id").asText());
        assertEquals("Gavel Inc.", certificate.get("company").asText());
        assertEquals(issued.body(), replay.body());
        assertError(denied, 403, "forbidden");
        assertEquals(750000, denied.json().get("remaining").asLong());
        assertError(api.send("POST", "/certificates", JOHN, body), 403, "forbidden");
        JsonNode stored = api.get("/certificates/CS-1").json();
        assertEquals("Salt Bae", stored.get("stakeholder").asText(), stored::toString);
        assertEquals(10, stored.get("amount").asLong());
        assertEquals(certificate.get("issued_at").asText(), stored.get("issued_at").asText());
        JsonNode list = api.get("/certificates?class=CS&stakeholder=Salt%20Bae").json();
        assertEquals(List.of("CS-1"), list.get("certificates").findValuesAsText("cert_id"), list::toString);
        JsonNode common = api.get("/share-classes/CS").json();
        assertEquals(10, common.get("issued").asLong(), common::toString);
        assertEquals(2_599_990, common.get("remaining").asLong());
        assertEquals(1, common.get("certificates").asLong());
    }

    @Test
    @Order(9)
    void shouldAcceptATokenFromQueryApiOnTheAcceptorAndServeMetricsAndDocs() throws IOException {
        // given
        Api.Reply issued = api.send("POST", "/auth/tokens", JOHN, null);
        assertEquals(201, issued.status(), issued::toString);
        String bearer = "Bearer " + issued.json().get("token").asText();

        // when
        Api.Reply bid = api.sendAuthorized("PUT", "/items/999/bids", bearer, "{\"amount\": 1}");

        // then
        assertEquals(201, bid.status(), bid::toString);
        assertEquals("john", bid.json().get("user").asText());
        assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                Files.getPosixFilePermissions(stack.home().resolve("token-secret")));
        // metrics: not through nginx (a scrape there would reach a random instance), on each instance's port
        assertError(api.get("/metrics"), 404, "not_found");
        assertError(api.get("/acceptor/metrics"), 404, "not_found");
        Map<String, Integer> ports = instancePorts(stack.gavel("status", 30));
        Api.Reply acceptorMetrics = new Api(ports.get("acceptor-1")).get("/metrics");
        assertEquals(200, acceptorMetrics.status());
        assertTrue(acceptorMetrics.body().contains("gavel_http_requests_total{route=\"PUT /items/:item/bids\""));
        Api.Reply queryMetrics = new Api(ports.get("query")).get("/metrics");
        assertEquals(200, queryMetrics.status());
        assertTrue(queryMetrics.body().contains("http_server_requests_seconds"));
        Api.Reply processorMetrics = new Api(ports.get("processor-1")).get("/metrics");
        assertEquals(200, processorMetrics.status());
        assertTrue(processorMetrics.body().contains("gavel_archive_lag_entries"));
        assertEquals(200, api.get("/openapi.yml").status());
        assertEquals(200, api.get("/docs").status());
    }

    @Test
    @Order(9)
    void shouldServeMetricsThatPromtoolAcceptsOnEveryService() {
        // given: the walkthrough, the error cases, a Redis outage and a certificate have left samples everywhere
        Map<String, Integer> ports = instancePorts(stack.gavel("status", 30));
        List<String> services = ports.keySet().stream().filter(name -> !NOT_SERVICES.contains(name)).sorted().toList();
        assertTrue(services.containsAll(List.of("query", "acceptor-1", "processor-1")), ports::toString);

        for (String service : services) {
            // when
            Api.Reply metrics = new Api(ports.get(service)).get("/metrics");

            // then
            assertEquals(200, metrics.status(), service + ": " + metrics);
            assertEquals(List.of(), Promtool.problems(metrics.body()), service + " /metrics:\n" + metrics.body());
            assertTrue(metrics.body().contains("# TYPE jvm_memory_used_bytes gauge"), service + " has no JVM meters");
            assertTrue(metrics.body().contains("# TYPE process_cpu_seconds_total counter"), service + " has no process meters");
        }
    }

    @Test
    @Order(10)
    void shouldArchiveEveryBidExactlyOnceAcrossAKillOfTheProcessor() {
        // given
        createItem("{\"id\": \"e2e-archive\", \"title\": \"Archived\"}");
        for (int i = 0; i < 3; i++) {
            assertEquals(201, api.send("PUT", "/items/e2e-archive/bids", JOHN, null).status());
        }
        awaitEvents("e2e-archive", 3);

        // when
        ProcessHandle.of(stack.pidOf("processor-1")).ifPresent(processor -> ProcessExit.kill(processor, Duration.ofSeconds(30)));
        for (int i = 0; i < 3; i++) {
            assertEquals(201, api.send("PUT", "/items/e2e-archive/bids", OTTO, null).status());
        }
        stack.gavel("up", 120);

        // then
        List<String> ids = awaitEvents("e2e-archive", 6);
        assertEquals(List.of("bid:e2e-archive:1", "bid:e2e-archive:2", "bid:e2e-archive:3", "bid:e2e-archive:4",
                "bid:e2e-archive:5", "bid:e2e-archive:6"), ids);
    }

    private static List<String> awaitEvents(String item, int count) {
        Instant deadline = Instant.now().plusSeconds(20);
        List<String> ids = List.of();
        while (Instant.now().isBefore(deadline)) {
            Api.Reply reply = api.get("/events?item=" + item);
            if (reply.status() == 200) {
                ids = reply.json().get("events").findValuesAsText("id");
                if (ids.size() >= count) {
                    return ids;
                }
            }
            pause();
        }
        throw new AssertionError("archived " + ids + ", expected " + count + " events: " + stack.logs());
    }

    @Test
    @Order(11)
    void shouldKeepGavelHomePrivateAndNginxWorkersUnprivileged() throws IOException {
        // given: Stack made the home 755 before bin/gavel up, as an older version's home would be
        Path home = stack.home();
        boolean root = "root".equals(System.getProperty("user.name"));
        Set<Path> passable = root ? Set.of(home, home.resolve("nginx")) : Set.of();
        // query-api's socket, which nginx proxies to: as root, its directory and the socket are the workers' by group
        Path sockets = home.resolve("nginx/sock");
        Map<Path, String> shared = root
                ? Map.of(sockets, "rwxr-x---", sockets.resolve("query.sock"), "rw-rw----")
                : Map.of();
        assertTrue(Files.exists(sockets.resolve("query.sock"), LinkOption.NOFOLLOW_LINKS));

        // then: nothing in it is readable or writable by others; only what nginx's workers pass through is 711,
        // and their way to query-api
        List<String> exposed = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(home)) {
            for (Path path : paths.toList()) {
                String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
                String expected = passable.contains(path) ? "rwx--x--x" : shared.get(path);
                boolean ok = expected != null ? expected.equals(mode) : mode.endsWith("------");
                if (!ok) {
                    exposed.add(mode + " " + home.relativize(path));
                }
            }
        }
        assertEquals(List.of(), exposed, "GAVEL_HOME must be private");
        for (String file : List.of("token-secret", "log/nginx-error.log", "run/ports", "nginx/nginx.conf")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(file))), file);
        }
        // and nginx's workers never run as root
        long master = stack.pidOf("nginx");
        List<Long> workers = ProcessHandle.of(master).orElseThrow().children().map(ProcessHandle::pid).toList();
        assertFalse(workers.isEmpty());
        for (long worker : workers) {
            String uid = Files.readAllLines(Path.of("/proc", Long.toString(worker), "status")).stream()
                    .filter(line -> line.startsWith("Uid:")).findFirst().orElseThrow();
            assertFalse(uid.split("\\s+")[1].equals("0"), "nginx worker " + worker + " runs as root: " + uid);
            if (root) {
                String gid = Files.readAllLines(Path.of("/proc", Long.toString(worker), "status")).stream()
                        .filter(line -> line.startsWith("Gid:")).findFirst().orElseThrow().split("\\s+")[1];
                assertEquals(gid, Files.getAttribute(sockets.resolve("query.sock"), "unix:gid", LinkOption.NOFOLLOW_LINKS).toString(),
                        "query-api's socket belongs to the group of nginx worker " + worker);
            }
        }
    }

    /** COMPONENT → PORT from {@code bin/gavel status}. */
    private static Map<String, Integer> instancePorts(String status) {
        Map<String, Integer> ports = new HashMap<>();
        for (String line : status.lines().toList()) {
            String[] columns = line.trim().split("\\s+");
            if (columns.length == 4 && (columns[1].equals("running") || columns[1].equals("stopped"))) {
                ports.put(columns[0], Integer.parseInt(columns[3]));
            }
        }
        return ports;
    }

    private static void createItem(String body) {
        Api.Reply reply = api.send("POST", "/items", ADMIN, body);
        assertEquals(201, reply.status(), reply::toString);
    }

    private static void assertError(Api.Reply reply, int status, String code) {
        assertEquals(status, reply.status(), reply::toString);
        JsonNode json = reply.json();
        assertEquals(code, json.path("error").asText(), reply::toString);
        assertFalse(json.path("message").asText().isBlank(), reply::toString);
    }

    private static Api.Reply awaitStatus(java.util.function.Supplier<Api.Reply> call, int status, Duration patience) {
        Instant deadline = Instant.now().plus(patience);
        Api.Reply reply = call.get();
        while (reply.status() != status && Instant.now().isBefore(deadline)) {
            pause();
            reply = call.get();
        }
        assertEquals(status, reply.status(), () -> "gave up waiting: " + stack.logs());
        return reply;
    }

    private static void pause() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
