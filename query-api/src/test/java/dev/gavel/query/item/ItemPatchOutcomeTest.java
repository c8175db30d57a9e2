package dev.gavel.query.item;

import com.mongodb.client.MongoCollection;
import dev.gavel.contract.MicroTime;
import dev.gavel.contract.RedisKeys;
import dev.gavel.embeddedmongo.EmbeddedMongo;
import dev.gavel.query.store.MongoStore;
import dev.gavel.query.support.TestStack;
import dev.gavel.testkit.FreePort;
import dev.gavel.testkit.RedisServer;
import dev.gavel.testkit.Signals;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.gavel.testkit.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PATCH /items/{item} when Redis's answer is lost: MongoDB and this test's own redis-server must end in
 * one state (the change in both, or in neither), a late copy of a change settled as not applied must
 * write nothing, and the same PATCH sent again must say what holds (200 when it changes nothing the
 * contract forbids; 409 for a closes_at already reached, which the contract allows only to move later).
 */
class ItemPatchOutcomeTest {

    private static final String ADMIN_PASSWORD = "patch-admin-password";
    private static final long HOUR_US = 3_600_000_000L;

    @TempDir
    static Path home;
    private static RedisServer redisServer;
    private static EmbeddedMongo mongoServer;
    private static EmbeddedServer server;
    private static RedisClient client;
    private static StatefulRedisConnection<String, String> connection;
    private final HttpClient http = HttpClient.newHttpClient();
    private final RedisCommands<String, String> redis = connection.sync();
    private final RedisKeys keys = server.getApplicationContext().getBean(RedisKeys.class);
    private final MongoCollection<Document> items = server.getApplicationContext().getBean(MongoStore.class)
            .database().getCollection("items");

    @BeforeAll
    static void start() {
        redisServer = RedisServer.startFresh();
        mongoServer = EmbeddedMongo.start(FreePort.next(), null);
        // A short Redis wait, and so a short time a pending change may still belong to its request.
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", FreePort.next(),
                "mongodb.uri", mongoServer.connectionString("gavel"),
                "gavel.redis-url", redisServer.uri(),
                "gavel.redis-timeout-ms", 500,
                "gavel.mongodb-timeout-ms", 1000,
                "gavel.home", home.toString(),
                "gavel.admin-password", ADMIN_PASSWORD,
                "gavel.password-iterations", 1000));
        client = RedisClient.create(redisServer.uri());
        connection = client.connect();
    }

    @AfterAll
    static void stop() {
        connection.close();
        client.shutdown();
        server.stop();
        mongoServer.close();
        redisServer.close();
    }

    @Test
    void shouldKeepAChangeInBothStoresWhenItsLostAnswerAppliedAndAnswerTheSamePatchAgain() throws Exception {
        // given: Redis holds every write back for longer than query-api waits (reads still pass, so the
        // PATCH gets as far as its write, which Redis runs once the pause ends)
        long now = MicroTime.nowMicros();
        String id = create(now + HOUR_US);
        String later = MicroTime.format(now + 2 * HOUR_US);
        assertEquals("+OK", redisServer.command("CLIENT", "PAUSE", "2000", "WRITE"));

        // when
        HttpResponse<String> sent = patch(id, "{\"closes_at\":\"" + later + "\"}");
        await(() -> !items.find(new Document("_id", id)).first().containsKey("pending"), Duration.ofSeconds(10));
        HttpResponse<String> again = patch(id, "{\"closes_at\":\"" + later + "\"}");

        // then
        assertEquals(504, sent.statusCode(), sent.body());
        assertTrue(sent.body().contains("\"error\":\"outcome_unknown\""), sent.body());
        Document doc = items.find(new Document("_id", id)).first();
        assertEquals(now + 2 * HOUR_US, doc.get("closes_at_us", Number.class).longValue());
        assertEquals(Long.toString(now + 2 * HOUR_US), redis.hget(keys.item(id), "closes_at_us"));
        assertEquals(1L, doc.get("rev", Number.class).longValue());
        assertEquals("1", redis.hget(keys.item(id), "rev"));
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("\"error\":\"conflict\""), again.body());
        assertEquals(1L, items.find(new Document("_id", id)).first().get("rev", Number.class).longValue());
    }

    @Test
    void shouldUndoAChangeRedisNeverGotAndRefuseALateCopyOfIt() throws Exception {
        // given: a change made in MongoDB by a query-api that died before its Redis write answered
        long now = MicroTime.nowMicros();
        String id = create(now + HOUR_US);
        ItemRevisions revisions = server.getApplicationContext().getBean(ItemRevisions.class);
        ItemDoc current = ItemDoc.fromDocument(revisions.read(id).orElseThrow());
        ItemDoc lost = current.with("Lost title", null, now + 2 * HOUR_US, current.rules());
        assertTrue(revisions.begin(current, lost, now - 60_000_000L));

        // when: another change of the item settles the lost one first, then a copy of the lost one arrives
        HttpResponse<String> renamed = patch(id, "{\"description\":\"Brass\"}");
        ItemState.PatchOutcome late = server.getApplicationContext().getBean(ItemState.class)
                .patch(id, MicroTime.nowMicros(), now + 2 * HOUR_US, false, true, 0L, "Lost title", current.rules());

        // then
        assertEquals(200, renamed.statusCode(), renamed.body());
        assertEquals(ItemState.PatchOutcome.STALE, late);
        Document doc = items.find(new Document("_id", id)).first();
        assertNull(doc.get("pending"));
        assertEquals("Lamp", doc.getString("title"));
        assertEquals("Brass", doc.getString("description"));
        assertEquals(now + HOUR_US, doc.get("closes_at_us", Number.class).longValue());
        assertEquals("Lamp", redis.hget(keys.item(id), "title"));
        assertEquals(Long.toString(now + HOUR_US), redis.hget(keys.item(id), "closes_at_us"));
        assertEquals(3L, doc.get("rev", Number.class).longValue());
        assertEquals("3", redis.hget(keys.item(id), "rev"));
    }

    @Test
    void shouldSettleAChangeLeftPendingAtStartAsRedisDecided() {
        // given: two changes left pending by a query-api that died, one of which reached Redis
        long now = MicroTime.nowMicros();
        String applied = create(now + HOUR_US);
        String lost = create(now + HOUR_US);
        ItemRevisions revisions = server.getApplicationContext().getBean(ItemRevisions.class);
        ItemState state = server.getApplicationContext().getBean(ItemState.class);
        for (String id : new String[] {applied, lost}) {
            ItemDoc current = ItemDoc.fromDocument(revisions.read(id).orElseThrow());
            assertTrue(revisions.begin(current, current.with("Renamed", null, now + 3 * HOUR_US, current.rules()), now));
        }
        assertEquals(ItemState.PatchOutcome.OK, state.patch(applied, now, now + 3 * HOUR_US, false, true, 0L,
                "Renamed", ItemRules.NONE));

        // when
        server.getApplicationContext().getBean(ItemSettler.class).settleAll();

        // then
        Document kept = items.find(new Document("_id", applied)).first();
        assertFalse(kept.containsKey("pending"));
        assertEquals("Renamed", kept.getString("title"));
        assertEquals(now + 3 * HOUR_US, kept.get("closes_at_us", Number.class).longValue());
        Document undone = items.find(new Document("_id", lost)).first();
        assertFalse(undone.containsKey("pending"));
        assertEquals("Lamp", undone.getString("title"));
        assertEquals(now + HOUR_US, undone.get("closes_at_us", Number.class).longValue());
        assertEquals(Long.toString(now + HOUR_US), redis.hget(keys.item(lost), "closes_at_us"));
        assertEquals("2", redis.hget(keys.item(lost), "rev"));
    }

    @Test
    void shouldChangeNothingWhileRedisIsFrozenAndApplyTheSamePatchAfterwards() throws Exception {
        // given
        long now = MicroTime.nowMicros();
        String id = create(now + HOUR_US);
        String later = MicroTime.format(now + 2 * HOUR_US);
        long pid = redisServer.pid();
        HttpResponse<String> frozen;
        Signals.freeze(pid);
        try {
            // when
            frozen = patch(id, "{\"closes_at\":\"" + later + "\"}");
        } finally {
            Signals.thaw(pid);
        }
        HttpResponse<String> again = patch(id, "{\"closes_at\":\"" + later + "\"}");

        // then: the frozen PATCH could not even read the item's live state, so it wrote nothing
        assertTrue(frozen.statusCode() == 503 || frozen.statusCode() == 504, frozen.body());
        assertEquals(200, again.statusCode(), again.body());
        Document doc = items.find(new Document("_id", id)).first();
        assertFalse(doc.containsKey("pending"));
        assertEquals(now + 2 * HOUR_US, doc.get("closes_at_us", Number.class).longValue());
        assertEquals(Long.toString(now + 2 * HOUR_US), redis.hget(keys.item(id), "closes_at_us"));
    }

    @Test
    void shouldApplyConcurrentChangesOfOneItemOneAfterTheOther() throws Exception {
        // given
        long now = MicroTime.nowMicros();
        String id = create(now + HOUR_US);
        List<String> bodies = List.of("{\"title\":\"Brass lamp\"}", "{\"description\":\"Polished\"}",
                "{\"closes_at\":\"" + MicroTime.format(now + 2 * HOUR_US) + "\"}", "{\"rules\":{\"reserve_price\":5}}");
        ExecutorService pool = Executors.newFixedThreadPool(bodies.size());
        List<Future<HttpResponse<String>>> answers = new ArrayList<>();

        // when
        try {
            for (String body : bodies) {
                answers.add(pool.submit(() -> patch(id, body)));
            }
            for (Future<HttpResponse<String>> answer : answers) {
                HttpResponse<String> response = answer.get(30, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), response.body());
            }
        } finally {
            pool.shutdownNow();
        }

        // then: none lost, in either store
        Document doc = items.find(new Document("_id", id)).first();
        assertFalse(doc.containsKey("pending"));
        assertEquals(4L, doc.get("rev", Number.class).longValue());
        assertEquals("Brass lamp", doc.getString("title"));
        assertEquals("Polished", doc.getString("description"));
        assertEquals(now + 2 * HOUR_US, doc.get("closes_at_us", Number.class).longValue());
        assertEquals(500L, doc.get("rule_reserve_cents", Number.class).longValue());
        assertEquals("4", redis.hget(keys.item(id), "rev"));
        assertEquals("Brass lamp", redis.hget(keys.item(id), "title"));
        assertEquals(Long.toString(now + 2 * HOUR_US), redis.hget(keys.item(id), "closes_at_us"));
        assertEquals("500", redis.hget(keys.item(id), "rule_reserve_cents"));
    }

    private String create(long closesAtUs) {
        String id = TestStack.unique("patch");
        try {
            HttpResponse<String> created = send("POST", "/items", "{\"id\":\"" + id + "\",\"title\":\"Lamp\",\"closes_at\":\""
                    + MicroTime.format(closesAtUs) + "\"}");
            assertEquals(201, created.statusCode(), created.body());
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    private HttpResponse<String> patch(String id, String body) throws IOException, InterruptedException {
        return send("PATCH", "/items/" + id, body);
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", TestStack.basic("admin", ADMIN_PASSWORD))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
