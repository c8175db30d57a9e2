package dev.gavel.query.recent;

import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import io.lettuce.core.ZAddArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recent items from Redis state laid out as the bid script writes it, on two query-api instances. */
class RecentItemsApiTest {

    private static final long T0 = 1_795_000_000_000_000L;

    private static EmbeddedServer second;

    private final TestStack stack = TestStack.get();
    private final RedisCommands<String, String> redis = stack.redis();
    private final RedisKeys keys = new RedisKeys(new Partitioner(16));
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startSecondInstance() {
        second = TestStack.get().startAnotherInstance(Map.of("gavel.recent-items.cache-ms", 60_000));
    }

    @AfterAll
    static void stopSecondInstance() {
        second.stop();
    }

    @Test
    void shouldRankTheFiveMostRecentItemsByTheirOtherRecentBiddersWithTiesByLatestActivity() {
        // given
        String me = stack.newUser("me", "secret1");
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            items.add(item("Item " + i));
        }
        bid(items.get(0), me, 100, T0);
        for (int i = 1; i < 6; i++) {
            bid(items.get(i), me, 100 + i, T0 + 100 + i);
        }
        bidders(items.get(1), 3, T0 + 200);
        bidders(items.get(2), 1, T0 + 300);
        bidders(items.get(3), 3, T0 + 400);
        bidders(items.get(5), 12, T0 + 500);
        bid(items.get(5), me, 999_999, T0 + 10_000);

        // when
        Response response = stack.get("/users/" + me + "/recent-items");

        // then
        assertEquals(200, response.status(), response.toString());
        List<Map<String, Object>> ranked = array(response.body());
        assertEquals(List.of(items.get(5), items.get(3), items.get(1), items.get(2), items.get(4)),
                ranked.stream().map(entry -> entry.get("id")).toList());
        Map<String, Object> top = ranked.get(0);
        assertEquals("Item 5", top.get("title"));
        assertEquals(9999.99, ((Number) top.get("winning_amount")).doubleValue());
        assertEquals(List.of("o11-" + items.get(5), "o10-" + items.get(5), "o9-" + items.get(5), "o8-" + items.get(5),
                "o7-" + items.get(5), "o6-" + items.get(5), "o5-" + items.get(5), "o4-" + items.get(5),
                "o3-" + items.get(5), "o2-" + items.get(5)), top.get("recent"));
        assertEquals(List.of(), ranked.get(4).get("recent"));
        assertEquals(List.of("id", "title", "winning_amount", "recent"), List.copyOf(top.keySet()));
        for (Map<String, Object> entry : ranked) {
            assertFalse(((List<?>) entry.get("recent")).contains(me), entry.toString());
        }
    }

    @Test
    void shouldAnswerAnEmptyListForAUserWithoutBids() {
        // given
        String quiet = stack.newUser("quiet", "secret1");

        // when
        Response response = stack.get("/users/" + quiet + "/recent-items");

        // then
        assertEquals(200, response.status(), response.toString());
        assertEquals("[]", response.body());
    }

    @Test
    void shouldRespondWithNotFoundAndTheContractsMessageByteForByte() {
        // given
        String ghost = TestStack.unique("ghost");

        // when
        Response unknown = stack.get("/users/" + ghost + "/recent-items");
        Response invalid = stack.get("/users/o'ne%22%5C%3Cb%3E/recent-items");

        // then
        assertEquals(404, unknown.status());
        assertEquals("{\"error\":\"not_found\",\"message\":\"User with username of '" + ghost + "' was not found\"}",
                unknown.body());
        assertError(invalid, 404, "not_found");
        assertEquals("User with username of 'o'ne\"\\<b>' was not found", invalid.json().get("message"));
    }

    @Test
    void shouldSendCacheControlAndAStrongETagAndAnswerNotModifiedWithNoBody() {
        // given
        String me = stack.newUser("etag", "secret1");
        String item = item("Cached");
        bid(item, me, 500, T0);
        bid(item, "otto", 600, T0 + 1);

        // when
        Response first = stack.get("/users/" + me + "/recent-items");
        String etag = first.header("ETag");
        Response again = stack.send(request(stack.uri("/users/" + me + "/recent-items")).header("If-None-Match", etag));
        Response weak = stack.send(request(stack.uri("/users/" + me + "/recent-items"))
                .header("If-None-Match", "\"other\", W/" + etag));
        Response stale = stack.send(request(stack.uri("/users/" + me + "/recent-items")).header("If-None-Match", "\"0\""));

        // then
        assertEquals(200, first.status(), first.toString());
        assertEquals("public, max-age=5", first.header("Cache-Control"));
        assertTrue(etag.matches("\"[0-9a-f]{32}\""), etag);
        assertEquals("application/json", first.header("Content-Type"));
        assertEquals(304, again.status());
        assertEquals("", again.body());
        assertEquals(etag, again.header("ETag"));
        assertEquals("public, max-age=5", again.header("Cache-Control"));
        assertEquals(304, weak.status());
        assertEquals(200, stale.status());
        assertEquals(first.body(), stale.body());
    }

    @Test
    void shouldGiveTheSameBodyTheSameETagOnEveryInstance() {
        // given
        String me = stack.newUser("twice", "secret1");
        String item = item("Twice");
        bid(item, me, 1250, T0);
        bid(item, "otto", 1300, T0 + 5);

        // when
        Response one = stack.get("/users/" + me + "/recent-items");
        HttpResponse<String> other = send(HttpRequest.newBuilder(secondUri("/users/" + me + "/recent-items")).GET());

        // then
        assertEquals(200, other.statusCode(), other.body());
        assertEquals(one.body(), other.body());
        assertEquals(one.header("ETag"), other.headers().firstValue("ETag").orElse(null));
        assertEquals("[{\"id\":\"" + item + "\",\"title\":\"Twice\",\"winning_amount\":13,\"recent\":[\"otto\"]}]",
                one.body());
    }

    @Test
    void shouldComputeOnceForOneHundredConcurrentRequestsOnAColdCache() throws Exception {
        // given
        String me = stack.newUser("crowd", "secret1");
        bid(item("Crowded"), me, 100, T0);
        RecentItemsService service = second.getApplicationContext().getBean(RecentItemsService.class);
        long before = service.computations();
        List<Callable<HttpResponse<String>>> requests = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            requests.add(() -> send(HttpRequest.newBuilder(secondUri("/users/" + me + "/recent-items")).GET()));
        }

        // when
        ExecutorService pool = Executors.newFixedThreadPool(100);
        List<String> etags = new ArrayList<>();
        try {
            for (Future<HttpResponse<String>> response : pool.invokeAll(requests)) {
                assertEquals(200, response.get().statusCode(), response.get().body());
                etags.add(response.get().headers().firstValue("ETag").orElseThrow());
            }
        } finally {
            pool.shutdownNow();
        }

        // then
        assertEquals(1, service.computations() - before);
        assertEquals(1, etags.stream().distinct().count());
    }

    private String item(String title) {
        String id = TestStack.unique("ri");
        redis.hset(keys.item(id), Map.of("title", title, "created_at_us", "1"));
        return id;
    }

    /** What the bid script writes for recent items: the user's index, the item's bidders, the leader. */
    private void bid(String item, String user, long cents, long tsUs) {
        redis.zadd(keys.userItemsOf(user), ZAddArgs.Builder.gt(), (double) tsUs, item);
        redis.zadd(keys.itemBidders(item), ZAddArgs.Builder.gt(), (double) tsUs, user);
        String lead = redis.hget(keys.item(item), "lead_amount_cents");
        if (lead == null || Long.parseLong(lead) < cents) {
            redis.hset(keys.item(item), Map.of("lead_user", user, "lead_amount_cents", Long.toString(cents),
                    "seq", "1", "lead_seq", "1", "lead_ts_us", Long.toString(tsUs)));
        }
    }

    /** {@code count} other users bid once each, one microsecond apart from {@code fromUs} on. */
    private void bidders(String item, int count, long fromUs) {
        for (int i = 0; i < count; i++) {
            bid(item, "o" + i + "-" + item, 1, fromUs + i);
        }
    }

    private static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).GET();
    }

    private URI secondUri(String path) {
        return URI.create("http://127.0.0.1:" + second.getPort() + path);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<Map<String, Object>> array(String body) {
        try {
            JsonMapper json = stack.context().getBean(JsonMapper.class);
            return json.readValue(body, Argument.listOf(Argument.mapOf(String.class, Object.class)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
