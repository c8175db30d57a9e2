package dev.gavel.query.item;

import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.store.MongoStore;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /items with rules: validation, what MongoDB and the Redis item hash hold, and how an item shows them. */
class ItemRulesApiTest {

    private static final String CLOSES = "2199-01-01T00:00:00Z";
    private static final long CLOSES_US = 7_226_582_400_000_000L;

    private final TestStack stack = TestStack.get();
    private final RedisKeys keys = new RedisKeys(new Partitioner(16));

    @Test
    void shouldStoreRulesAsCentsInMongoAndMirrorThemAsTheLayoutSays() {
        // given
        String id = TestStack.unique("rules");
        String body = "{\"id\":\"" + id + "\",\"title\":\"Clock\",\"closes_at\":\"" + CLOSES + "\",\"rules\":{"
                + "\"starting_price\":\"10.50\",\"increment\":[{\"from\":0,\"step\":0.5},{\"from\":100.1,\"step\":5}],"
                + "\"reserve_price\":77.77,\"buy_now_price\":1000000000000,"
                + "\"soft_close\":{\"window_seconds\":120,\"extend_seconds\":60,\"hard_close_at\":\"2199-01-02T00:00:00Z\"}}}";

        // when
        Response response = create(body);

        // then
        assertEquals(201, response.status(), response.toString());
        assertTrue(response.body().contains("\"rules\":{\"starting_price\":10.5,\"increment\":[{\"from\":0,\"step\":0.5},"
                + "{\"from\":100.1,\"step\":5}],\"reserve_price\":77.77,\"buy_now_price\":1000000000000,"
                + "\"soft_close\":{\"window_seconds\":120,\"extend_seconds\":60,"
                + "\"hard_close_at\":\"2199-01-02T00:00:00.000000Z\"}}"), response.body());
        Map<String, String> mirror = stack.redis().hgetall(keys.item(id));
        assertEquals("1050", mirror.get("rule_start_cents"));
        assertEquals("0:50,10010:500", mirror.get("rule_increment"));
        assertEquals("7777", mirror.get("rule_reserve_cents"));
        assertEquals("100000000000000", mirror.get("rule_buy_now_cents"));
        assertEquals("120", mirror.get("rule_window_s"));
        assertEquals("60", mirror.get("rule_extend_s"));
        assertEquals("7226668800000000", mirror.get("rule_hard_close_at_us"));
        assertEquals((double) CLOSES_US, stack.redis().zscore(RedisKeys.closing(keys.partitionOf(id)), id));
        Document doc = stack.context().getBean(MongoStore.class).database().getCollection("items")
                .find(new Document("_id", id)).first();
        assertEquals(1050L, ((Number) doc.get("rule_start_cents")).longValue());
        assertEquals("0:50,10010:500", doc.get("rule_increment"));
        assertEquals(7777L, ((Number) doc.get("rule_reserve_cents")).longValue());
    }

    @Test
    void shouldShowAFixedStepAsANumberAndNoRulesAsAnEmptyObject() {
        // given
        String fixed = TestStack.unique("fixed");
        String plain = TestStack.unique("plain");
        assertEquals(201, create("{\"id\":\"" + fixed + "\",\"title\":\"F\",\"rules\":{\"increment\":1.25}}").status());
        assertEquals(201, create("{\"id\":\"" + plain + "\",\"title\":\"P\"}").status());

        // when
        Response fixedItem = stack.get("/items/" + fixed);
        Response plainItem = stack.get("/items/" + plain);

        // then
        assertTrue(fixedItem.body().contains("\"rules\":{\"increment\":1.25}"), fixedItem.body());
        assertEquals("0:125", stack.redis().hget(keys.item(fixed), "rule_increment"));
        assertTrue(plainItem.body().contains("\"price\":null,\"minimum_bid\":0,\"rules\":{},\"reserve_met\":null,"
                + "\"closed_reason\":null,\"result\":null"), plainItem.body());
        assertFalse(stack.redis().hexists(keys.item(plain), "rule_increment"));
        assertNull(stack.redis().zscore(RedisKeys.closing(keys.partitionOf(plain)), plain));
    }

    @Test
    void shouldShowTheStartingPriceAsMinimumBidAndNoPriceBeforeTheFirstBid() {
        // given
        String id = TestStack.unique("start");
        create("{\"id\":\"" + id + "\",\"title\":\"S\",\"rules\":{\"starting_price\":25,\"reserve_price\":30}}");

        // when
        Map<String, Object> item = stack.get("/items/" + id).json();

        // then
        assertNull(item.get("price"));
        assertEquals(25, ((Number) item.get("minimum_bid")).intValue());
        assertEquals(Boolean.FALSE, item.get("reserve_met"));
        assertEquals("open", item.get("status"));
    }

    @Test
    void shouldRespondWithBadRequestForInvalidRules() {
        for (String rules : List.of(
                "[]",
                "{\"starting_price\":-1}",
                "{\"starting_price\":1.005}",
                "{\"starting_price\":\"1e2\"}",
                "{\"starting_price\":1000000000000.01}",
                "{\"starting_price\":true}",
                "{\"starting_price\":1e400}",
                "{\"starting_price\":1e2147483648}",
                "{\"reserve_price\":0.1000000000000000001}",
                "{\"reserve_price\":\"ten\"}",
                "{\"buy_now_price\":0}",
                "{\"starting_price\":20,\"buy_now_price\":10}",
                "{\"increment\":-0.5}",
                "{\"increment\":[]}",
                "{\"increment\":[{\"from\":1,\"step\":1}]}",
                "{\"increment\":[{\"from\":0,\"step\":1},{\"from\":0,\"step\":2}]}",
                "{\"increment\":[{\"from\":0,\"step\":1},{\"from\":50,\"step\":2},{\"from\":40,\"step\":3}]}",
                "{\"increment\":[{\"from\":0,\"step\":0}]}",
                "{\"increment\":[{\"from\":0}]}",
                "{\"increment\":[{\"from\":0,\"step\":1,\"to\":5}]}",
                "{\"increment\":[1,2]}",
                "{\"soft_close\":{\"window_seconds\":0,\"extend_seconds\":60}}",
                "{\"soft_close\":{\"window_seconds\":1.5,\"extend_seconds\":60}}",
                "{\"soft_close\":{\"window_seconds\":60}}",
                "{\"soft_close\":{\"window_seconds\":60,\"extend_seconds\":60,\"hard_close_at\":\"soon\"}}",
                "{\"soft_close\":{\"window_seconds\":60,\"extend_seconds\":60,\"hard_close_at\":\"2198-01-01T00:00:00Z\"}}",
                "{\"snipe_guard\":true}")) {
            Response response = create("{\"title\":\"Bad\",\"closes_at\":\"" + CLOSES + "\",\"rules\":" + rules + "}");
            assertError(response, 400, "bad_request");
        }
    }

    @Test
    void shouldShowTheReservePriceToAdminsOnly() {
        // given
        String id = TestStack.unique("reserve");
        create("{\"id\":\"" + id + "\",\"title\":\"R\",\"rules\":{\"reserve_price\":4321.09}}");
        String bidder = stack.newUser("peek", "12345");

        // when
        Response anonymous = stack.get("/items/" + id);
        Response asBidder = stack.get("/items/" + id, TestStack.basic(bidder, "12345"));
        Response asAdmin = stack.get("/items/" + id, stack.adminAuth());
        Response listed = stack.get("/items?limit=1000&after=" + encode(before(id)));
        Response listedAsAdmin = stack.get("/items?limit=1000&after=" + encode(before(id)), stack.adminAuth());

        // then
        for (Response response : List.of(anonymous, asBidder, listed)) {
            assertEquals(200, response.status(), response.toString());
            assertFalse(response.body().contains("4321.09"), response.body());
            assertFalse(response.body().contains("reserve_price"), response.body());
        }
        assertTrue(asAdmin.body().contains("\"rules\":{\"reserve_price\":4321.09}"), asAdmin.body());
        assertTrue(listedAsAdmin.body().contains("\"reserve_price\":4321.09"), listedAsAdmin.body());
        assertEquals(Boolean.FALSE, anonymous.json().get("reserve_met"));
        assertError(stack.get("/items/" + id, TestStack.basic(bidder, "wrong")), 401, "unauthorized");
    }

    private static String before(String id) {
        return id.substring(0, id.length() - 1);
    }

    private static String encode(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private Response create(String body) {
        return stack.postJson("/items", body, "Authorization", stack.adminAuth());
    }
}
