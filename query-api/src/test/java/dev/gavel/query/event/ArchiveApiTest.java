package dev.gavel.query.event;

import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.StreamEntry;
import dev.gavel.query.store.MongoStore;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import dev.gavel.testkit.StreamFields;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.gavel.query.support.Assertions.assertError;
import static dev.gavel.testkit.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stack's processor fed with stream entries laid out as docs/redis-layout.md says, and what query-api
 * serves of them: the archive through GET /events, the dead letters through GET /events/dead-letter.
 */
class ArchiveApiTest {

    private final TestStack stack = TestStack.get();
    private final RedisCommands<String, String> redis = stack.redis();
    private final RedisKeys keys = new RedisKeys(new Partitioner(16));

    @Test
    void shouldArchiveBidsAndUpdateTheItemDocumentWithinASecond() {
        // given
        String item = newItem();
        long ts = MicroTime.nowMicros();

        // when
        Instant written = Instant.now();
        bid(item, 1, "john", 500, ts);
        bid(item, 2, "otto", 700, ts + 1);
        bid(item, 3, "john", 700, ts + 2);
        await(() -> events("/events?item=" + item).size() == 3);

        // then
        assertTrue(Duration.between(written, Instant.now()).toMillis() < 1000, "archived too late");
        List<Map<String, Object>> events = events("/events?item=" + item);
        assertEquals(List.of("bid:" + item + ":1", "bid:" + item + ":2", "bid:" + item + ":3"),
                events.stream().map(event -> event.get("id")).toList());
        Map<String, Object> second = events.get(1);
        assertEquals("bid", second.get("type"));
        assertEquals("otto", second.get("user"));
        assertEquals(new BigDecimal("7"), new BigDecimal(second.get("amount").toString()));
        assertEquals(2, ((Number) second.get("seq")).intValue());
        assertEquals(MicroTime.format(ts + 1), second.get("ts"));
        await(() -> itemDoc(item).get("bid_count", Number.class) != null
                && itemDoc(item).get("bid_count", Number.class).longValue() == 3);
        Document winning = itemDoc(item).get("winning_bid", Document.class);
        assertEquals("otto", winning.getString("user"));
        assertEquals(700L, winning.get("amount_cents", Number.class).longValue());
        assertEquals(200, stack.get("/items/" + item).status());
        await(() -> acknowledgedByTheArchive(eventsKey(item)));
    }

    @Test
    void shouldArchiveImpressionsAndCertificatesWithTheirFields() {
        // given
        String item = newItem();
        long ts = MicroTime.nowMicros();
        redis.xadd(eventsKey(item), StreamFields.of("type", "impression", "event_id", "impression:" + item + ":1", "ts_us",
                Long.toString(ts), "item", item, "user", "john", "sdk_version", "1.2", "platform", "ios",
                "country", "", "session_id", "s-1"));
        String cls = TestStack.unique("C").replace("-", "");
        redis.xadd(keys.eventsOf(cls), StreamFields.of("type", "certificate",
                "event_id", "certificate:" + cls + "-1", "ts_us", Long.toString(ts), "cert_id", cls + "-1",
                "class", cls, "number", "1", "stakeholder", "Salt Bae", "amount", "10", "user", "admin"));

        // when
        await(() -> events("/events?type=impression&item=" + item).size() == 1
                && events("/events?type=certificate&user=admin").stream().anyMatch(e -> (cls + "-1").equals(e.get("cert_id"))));

        // then
        Map<String, Object> impression = events("/events?type=impression&item=" + item).get(0);
        assertEquals("ios", impression.get("platform"));
        assertEquals("1.2", impression.get("sdk_version"));
        Map<String, Object> certificate = events("/events?type=certificate&user=admin").stream()
                .filter(e -> (cls + "-1").equals(e.get("cert_id"))).findFirst().orElseThrow();
        assertEquals("Salt Bae", certificate.get("stakeholder"));
        assertEquals(10, ((Number) certificate.get("amount")).intValue());
        assertEquals(cls, certificate.get("class"));
    }

    @Test
    void shouldDeadLetterAPoisonEntryAndArchiveTheValidOnesAfterIt() {
        // given
        String item = newItem();
        long ts = MicroTime.nowMicros();
        String key = eventsKey(item);
        bid(item, 1, "john", 100, ts);
        String poison = redis.xadd(key, StreamFields.of("type", "bid", "event_id", "bid:" + item + ":2", "ts_us", "yesterday",
                "item", item, "user", "john", "amount_cents", "1", "seq", "2"));
        String unknown = redis.xadd(key, StreamFields.of("type", "teleport", "event_id", "x:" + item, "ts_us", "1"));
        String missing = redis.xadd(key, StreamFields.of("type", "bid", "event_id", "bid:" + item + ":9", "ts_us", "1",
                "item", item));
        bid(item, 2, "otto", 200, ts + 1);
        bid(item, 3, "john", 300, ts + 2);

        // when
        await(() -> events("/events?item=" + item).size() == 3);
        await(() -> deadLetters().stream().filter(letter -> item.equals(fieldsOf(letter).get("item"))
                || ("x:" + item).equals(fieldsOf(letter).get("event_id"))).count() == 3);

        // then
        await(() -> acknowledgedByTheArchive(key));
        Map<String, String> reasons = new LinkedHashMap<>();
        for (Map<String, Object> letter : deadLetters()) {
            reasons.put(letter.get("stream_id").toString(), letter.get("reason").toString());
        }
        assertTrue(reasons.get(poison).contains("ts_us"), reasons.toString());
        assertTrue(reasons.get(unknown).contains("unknown type"), reasons.toString());
        assertTrue(reasons.get(missing).contains("missing field"), reasons.toString());
        assertEquals(0, redis.xpending(key, StreamEntry.ARCHIVER_GROUP).getCount());
    }

    @Test
    void shouldGuardTheDeadLetterListForAdmins() {
        String bidder = stack.newUser("dl", "12345");

        assertError(stack.get("/events/dead-letter", TestStack.basic(bidder, "12345")), 403, "forbidden");
        assertError(stack.get("/events/dead-letter"), 401, "unauthorized");
        assertEquals(200, stack.get("/events/dead-letter", stack.adminAuth()).status());
    }

    @Test
    void shouldPageEventsOldestFirstAndValidateFilters() {
        // given
        String item = newItem();
        long ts = MicroTime.nowMicros();
        for (int seq = 1; seq <= 25; seq++) {
            bid(item, seq, seq % 2 == 0 ? "john" : "otto", seq, ts + seq);
        }
        await(() -> events("/events?item=" + item + "&limit=1000").size() == 25);

        // when
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            Response page = stack.get("/events?type=bid&item=" + item + "&limit=4" + (after == null ? "" : "&after=" + after));
            assertEquals(200, page.status(), page.toString());
            page.list("events").forEach(event -> seen.add(event.get("id").toString()));
            after = page.json().get("next") == null ? null : page.json().get("next").toString();
        } while (after != null);

        // then
        assertEquals(25, seen.size());
        assertEquals(25, new HashSet<>(seen).size());
        assertEquals("bid:" + item + ":1", seen.get(0));
        assertEquals("bid:" + item + ":25", seen.get(24));
        assertEquals(12, events("/events?item=" + item + "&user=john").size());
        assertError(stack.get("/events?type=sale"), 400, "bad_request");
        assertError(stack.get("/events?user=no%20one"), 400, "bad_request");
        assertError(stack.get("/events?after=abc"), 400, "bad_request");
    }

    private String newItem() {
        String id = TestStack.unique("arch");
        Response created = stack.send("POST", "/items", "{\"id\":\"" + id + "\",\"title\":\"Archive\"}", stack.adminAuth());
        assertEquals(201, created.status(), created.toString());
        return id;
    }

    private void bid(String item, int seq, String user, long cents, long ts) {
        redis.xadd(eventsKey(item), StreamFields.of("type", "bid", "event_id", "bid:" + item + ":" + seq, "item", item,
                "user", user, "amount_cents", Long.toString(cents), "seq", Integer.toString(seq), "ts_us", Long.toString(ts)));
    }

    /**
     * Every entry of the stream delivered to the archiver group and acknowledged. The stream itself keeps them
     * for GAVEL_STREAM_KEEP_SECONDS more (for the live streams), so its length says nothing about the archive.
     */
    private boolean acknowledgedByTheArchive(String key) {
        List<StreamMessage<String, String>> last = redis.xrevrange(key, Range.create("-", "+"), Limit.from(1));
        if (last.isEmpty() || redis.xpending(key, StreamEntry.ARCHIVER_GROUP).getCount() > 0) {
            return false;
        }
        for (Object group : redis.xinfoGroups(key)) {
            List<?> fields = (List<?>) group;
            int name = fields.indexOf("name");
            int delivered = fields.indexOf("last-delivered-id");
            if (name >= 0 && StreamEntry.ARCHIVER_GROUP.equals(fields.get(name + 1))) {
                return last.get(0).getId().equals(fields.get(delivered + 1));
            }
        }
        return false;
    }

    private String eventsKey(String item) {
        return keys.eventsOf(item);
    }

    private List<Map<String, Object>> events(String path) {
        Response response = stack.get(path);
        assertEquals(200, response.status(), response.toString());
        return response.list("events");
    }

    private List<Map<String, Object>> deadLetters() {
        Response response = stack.get("/events/dead-letter?limit=1000", stack.adminAuth());
        assertEquals(200, response.status(), response.toString());
        return response.list("dead_letters");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> fieldsOf(Map<String, Object> letter) {
        return (Map<String, Object>) letter.get("fields");
    }

    private Document itemDoc(String item) {
        return stack.context().getBean(MongoStore.class).database().getCollection("items")
                .find(new Document("_id", item)).first();
    }
}
