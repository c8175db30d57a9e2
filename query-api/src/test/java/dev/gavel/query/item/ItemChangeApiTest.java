package dev.gavel.query.item;

import com.mongodb.client.MongoCollection;
import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.store.MongoStore;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import io.lettuce.core.api.sync.RedisCommands;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** PATCH /items/{item}: what may change when, in MongoDB and in the item hash the bid script reads. */
class ItemChangeApiTest {

    private static final long HOUR_US = Duration.ofHours(1).toNanos() / 1000;

    private final TestStack stack = TestStack.get();
    private final RedisCommands<String, String> redis = stack.redis();
    private final RedisKeys keys = new RedisKeys(new Partitioner(16));
    private final MongoCollection<Document> items = stack.context().getBean(MongoStore.class).database()
            .getCollection("items");

    @Test
    void shouldRequireAnAdmin() {
        String id = create(null, null);
        String bidder = stack.newUser("patcher", "12345");

        assertError(stack.send("PATCH", "/items/" + id, "{\"title\":\"x\"}", null), 401, "unauthorized");
        assertError(stack.send("PATCH", "/items/" + id, "{\"title\":\"x\"}", TestStack.basic(bidder, "12345")),
                403, "forbidden");
    }

    @Test
    void shouldReplaceTheGivenRulesKeepTheOthersAndRemoveThoseGivenAsNull() {
        // given
        String id = create(MicroTime.nowMicros() + HOUR_US, "{\"starting_price\":5,\"reserve_price\":50,"
                + "\"buy_now_price\":90,\"soft_close\":{\"window_seconds\":30,\"extend_seconds\":30}}");
        items.updateOne(new Document("_id", id), new Document("$set", new Document("bid_count", 3L)));

        // when
        Response response = patch(id, "{\"title\":\"Renamed\",\"description\":\"now with a stand\",\"rules\":{"
                + "\"increment\":[{\"from\":0,\"step\":1},{\"from\":20,\"step\":2}],\"reserve_price\":60,"
                + "\"soft_close\":null}}");

        // then
        assertEquals(200, response.status(), response.toString());
        assertEquals("Renamed", response.json().get("title"));
        assertTrue(response.body().contains("\"rules\":{\"starting_price\":5,\"increment\":[{\"from\":0,\"step\":1},"
                + "{\"from\":20,\"step\":2}],\"reserve_price\":60,\"buy_now_price\":90}"), response.body());
        Map<String, String> mirror = redis.hgetall(keys.item(id));
        assertEquals("Renamed", mirror.get("title"));
        assertEquals("500", mirror.get("rule_start_cents"));
        assertEquals("0:100,2000:200", mirror.get("rule_increment"));
        assertEquals("6000", mirror.get("rule_reserve_cents"));
        assertFalse(mirror.containsKey("rule_window_s") || mirror.containsKey("rule_extend_s"), mirror.toString());
        Document doc = items.find(new Document("_id", id)).first();
        assertEquals("now with a stand", doc.getString("description"));
        assertEquals(6000L, ((Number) doc.get("rule_reserve_cents")).longValue());
        assertNull(doc.get("rule_window_s"));
        assertEquals(3L, ((Number) doc.get("bid_count")).longValue(), "the processor's fields stay");
        assertEquals(response.json(), stack.get("/items/" + id, stack.adminAuth()).json());
    }

    @Test
    void shouldChangeTheStartingPriceAndIncrementOnlyBeforeTheFirstBid() {
        // given
        String quiet = create(null, "{\"starting_price\":5}");
        String bidOn = create(null, "{\"starting_price\":5}");
        redis.hset(keys.item(bidOn), Map.of("seq", "1", "lead_user", "john", "lead_amount_cents", "500",
                "lead_seq", "1", "lead_ts_us", "1"));

        // when
        Response before = patch(quiet, "{\"rules\":{\"starting_price\":7,\"increment\":0.5}}");
        Response after = patch(bidOn, "{\"rules\":{\"starting_price\":7}}");
        Response incrementAfter = patch(bidOn, "{\"rules\":{\"increment\":1}}");
        Response reserveAfter = patch(bidOn, "{\"rules\":{\"reserve_price\":8}}");

        // then
        assertEquals(200, before.status(), before.toString());
        assertEquals(7, ((Number) before.json().get("minimum_bid")).intValue());
        assertEquals("700", redis.hget(keys.item(quiet), "rule_start_cents"));
        assertError(after, 409, "conflict");
        assertError(incrementAfter, 409, "conflict");
        assertEquals("500", redis.hget(keys.item(bidOn), "rule_start_cents"));
        assertEquals(500L, ((Number) items.find(new Document("_id", bidOn)).first().get("rule_start_cents")).longValue());
        assertEquals(200, reserveAfter.status(), reserveAfter.toString());
        assertEquals("800", redis.hget(keys.item(bidOn), "rule_reserve_cents"));
    }

    @Test
    void shouldMoveClosesAtOnlyLaterAndScheduleTheNewTime() {
        // given
        long now = MicroTime.nowMicros();
        String id = create(now + HOUR_US, null);
        String extended = create(now + HOUR_US, "{\"soft_close\":{\"window_seconds\":60,\"extend_seconds\":60}}");
        redis.hset(keys.item(extended), "closes_at_us", Long.toString(now + 3 * HOUR_US));
        String open = create(null, null);

        // when
        Response earlier = patch(id, "{\"closes_at\":\"" + MicroTime.format(now + HOUR_US / 2) + "\"}");
        Response later = patch(id, "{\"closes_at\":\"" + MicroTime.format(now + 2 * HOUR_US) + "\"}");
        Response behindExtension = patch(extended, "{\"closes_at\":\"" + MicroTime.format(now + 2 * HOUR_US) + "\"}");
        Response past = patch(open, "{\"closes_at\":\"" + MicroTime.format(now - HOUR_US) + "\"}");
        Response first = patch(open, "{\"closes_at\":\"" + MicroTime.format(now + HOUR_US) + "\"}");

        // then
        assertError(earlier, 409, "conflict");
        assertEquals(200, later.status(), later.toString());
        assertEquals(MicroTime.format(now + 2 * HOUR_US), later.json().get("closes_at"));
        assertEquals(Long.toString(now + 2 * HOUR_US), redis.hget(keys.item(id), "closes_at_us"));
        assertEquals((double) (now + 2 * HOUR_US), redis.zscore(RedisKeys.closing(keys.partitionOf(id)), id));
        assertEquals(now + 2 * HOUR_US, ((Number) items.find(new Document("_id", id)).first().get("closes_at_us")).longValue());
        assertError(behindExtension, 409, "conflict");
        assertEquals(Long.toString(now + 3 * HOUR_US), redis.hget(keys.item(extended), "closes_at_us"));
        assertError(past, 409, "conflict");
        assertEquals(200, first.status(), first.toString());
        assertEquals((double) (now + HOUR_US), redis.zscore(RedisKeys.closing(keys.partitionOf(open)), open));
    }

    @Test
    void shouldChangeOnlyTheTextOfAClosedItem() {
        // given
        long now = MicroTime.nowMicros();
        String id = create(now + HOUR_US, "{\"buy_now_price\":5}");
        redis.hset(keys.item(id), Map.of("closes_at_us", Long.toString(now - 1), "closed_reason", "buy_now"));

        // when
        Response rules = patch(id, "{\"rules\":{\"reserve_price\":1}}");
        Response closesAt = patch(id, "{\"closes_at\":\"" + MicroTime.format(now + 2 * HOUR_US) + "\"}");
        Response title = patch(id, "{\"title\":\"Sold lamp\"}");

        // then
        assertError(rules, 409, "conflict");
        assertError(closesAt, 409, "conflict");
        assertEquals(200, title.status(), title.toString());
        assertEquals("closed", title.json().get("status"));
        assertFalse(redis.hexists(keys.item(id), "rule_reserve_cents"));
        assertEquals(Long.toString(now - 1), redis.hget(keys.item(id), "closes_at_us"));
    }

    @Test
    void shouldRefuseTheAtomicChangeInRedisWhenABidArrivedAfterTheCheck() {
        // given: the bid lands between the check and the write
        String id = create(null, "{\"starting_price\":5}");
        ItemState state = stack.context().getBean(ItemState.class);
        redis.hset(keys.item(id), "seq", "1");

        // when
        ItemState.PatchOutcome outcome = state.patch(id, MicroTime.nowMicros(), null, true, true, 0L, "t",
                new ItemRules(900L, null, null, null, null, null, null));

        // then
        assertEquals(ItemState.PatchOutcome.BIDS, outcome);
        assertEquals("500", redis.hget(keys.item(id), "rule_start_cents"));
    }

    @Test
    void shouldRespondWithBadRequestOrNotFound() {
        String id = create(MicroTime.nowMicros() + HOUR_US, null);

        for (String body : List.of("{\"title\":\"\"}", "{\"title\":5}", "{\"closes_at\":\"later\"}",
                "{\"rules\":{\"increment\":[{\"from\":5,\"step\":1}]}}", "{\"rules\":\"none\"}",
                "{\"rules\":{\"soft_close\":{\"window_seconds\":60,\"extend_seconds\":60,"
                        + "\"hard_close_at\":\"2020-01-01T00:00:00Z\"}}}")) {
            assertError(patch(id, body), 400, "bad_request");
        }
        assertError(stack.send("PATCH", "/items/" + id, null, stack.adminAuth()), 400, "bad_request");
        assertError(patch(TestStack.unique("ghost"), "{\"title\":\"x\"}"), 404, "not_found");
        assertEquals("'title' must be a JSON string", patch(id, "{\"title\":5}").json().get("message"));
        assertError(patch(id, "{\"title\":"), 400, "bad_request");
    }

    private Response patch(String id, String body) {
        return stack.send("PATCH", "/items/" + id, body, stack.adminAuth());
    }

    private String create(Long closesAtUs, String rules) {
        String id = TestStack.unique("patch");
        StringBuilder body = new StringBuilder("{\"id\":\"" + id + "\",\"title\":\"t\"");
        if (closesAtUs != null) {
            body.append(",\"closes_at\":\"").append(MicroTime.format(closesAtUs)).append('"');
        }
        if (rules != null) {
            body.append(",\"rules\":").append(rules);
        }
        Response response = stack.send("POST", "/items", body.append('}').toString(), stack.adminAuth());
        assertEquals(201, response.status(), response.toString());
        return id;
    }
}
