package dev.gavel.query.item;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An item's live fields read from the state the bid script writes into the item hash (docs/redis-layout.md,
 * issue 13 layout): price, minimum bid, a closing time moved by soft close or buy-now, and the result.
 */
class ItemLiveStateTest {

    private static final long HOUR_US = Duration.ofHours(1).toNanos() / 1000;
    private static final long BID_TS_US = 1_795_000_000_000_000L;

    private final TestStack stack = TestStack.get();
    private final RedisCommands<String, String> redis = stack.redis();
    private final RedisKeys keys = new RedisKeys(new Partitioner(16));

    @Test
    void shouldShowPriceAndMinimumBidAsTheBidScriptLeftThem() {
        // given
        long closes = MicroTime.nowMicros() + HOUR_US;
        String id = create("live", closes, "{\"starting_price\":10,\"increment\":[{\"from\":0,\"step\":1},"
                + "{\"from\":100,\"step\":10}],\"reserve_price\":150}");
        bidState(id, "otto", 12000, 11000, 12000);

        // when
        Map<String, Object> item = stack.get("/items/" + id).json();

        // then
        assertEquals(110, ((Number) item.get("price")).intValue());
        assertEquals(120, ((Number) item.get("minimum_bid")).intValue());
        assertEquals(Boolean.FALSE, item.get("reserve_met"));
        assertEquals("open", item.get("status"));
        assertNull(item.get("closed_reason"));
        assertNull(item.get("result"));
        assertEquals(Map.of("user", "otto", "amount", 120, "seq", 2, "ts", MicroTime.format(BID_TS_US)),
                item.get("winning_bid"));
    }

    @Test
    void shouldFollowAClosingTimeASoftCloseExtendedEvenPastTheCataloguesTime() {
        // given: the catalogue says closed an hour ago; an extension moved it an hour ahead
        long now = MicroTime.nowMicros();
        String id = create("ext", now + HOUR_US, "{\"soft_close\":{\"window_seconds\":60,\"extend_seconds\":60}}");
        redis.hset(keys.item(id), "closes_at_us", Long.toString(now + 2 * HOUR_US));
        setCatalogueClosesAt(id, now - HOUR_US);

        // when
        Map<String, Object> item = stack.get("/items/" + id).json();

        // then
        assertEquals(MicroTime.format(now + 2 * HOUR_US), item.get("closes_at"));
        assertEquals("open", item.get("status"));
        assertTrue(walk("/items?status=open&limit=1000").contains(id));
        assertFalse(walk("/items?status=closed&limit=1000").contains(id));
    }

    @Test
    void shouldShowABuyNowCloseAtTheBidsTimeWithTheWinnerAndPrice() {
        // given
        long now = MicroTime.nowMicros();
        String id = create("buy", now + HOUR_US, "{\"buy_now_price\":50,\"reserve_price\":40}");
        bidState(id, "john", 5000, 5000, 5000);
        redis.hset(keys.item(id), Map.of("closes_at_us", Long.toString(now - 1000), "closed_reason", "buy_now"));

        // when
        Response response = stack.get("/items/" + id);

        // then
        Map<String, Object> item = response.json();
        assertEquals("closed", item.get("status"));
        assertEquals("buy_now", item.get("closed_reason"));
        assertEquals(MicroTime.format(now - 1000), item.get("closes_at"));
        assertEquals(Boolean.TRUE, item.get("reserve_met"));
        assertTrue(response.body().contains("\"result\":{\"winner\":\"john\",\"price\":50}"), response.body());
        assertTrue(walk("/items?status=closed&limit=1000").contains(id));
        assertFalse(walk("/items?status=open&limit=1000").contains(id));
    }

    @Test
    void shouldCloseByTimeWithNoSaleWhenTheReserveWasNotMetOrNobodyBid() {
        // given
        long now = MicroTime.nowMicros();
        String unmet = create("unmet", now + HOUR_US, "{\"reserve_price\":100}");
        bidState(unmet, "john", 9000, 9000, 9000);
        redis.hset(keys.item(unmet), "closes_at_us", Long.toString(now - 5));
        String quiet = create("quiet", now + HOUR_US, null);
        redis.hset(keys.item(quiet), "closes_at_us", Long.toString(now - 5));
        String sold = create("sold", now + HOUR_US, null);
        bidState(sold, "otto", 700, 650, 700);
        redis.hset(keys.item(sold), "closes_at_us", Long.toString(now - 5));

        // when
        Response unmetItem = stack.get("/items/" + unmet);
        Response quietItem = stack.get("/items/" + quiet);
        Response soldItem = stack.get("/items/" + sold);

        // then
        assertTrue(unmetItem.body().contains("\"reserve_met\":false,\"closed_reason\":\"time\",\"result\":\"no_sale\""),
                unmetItem.body());
        assertTrue(quietItem.body().contains("\"reserve_met\":null,\"closed_reason\":\"time\",\"result\":\"no_sale\""),
                quietItem.body());
        assertTrue(soldItem.body().contains("\"closed_reason\":\"time\",\"result\":{\"winner\":\"otto\",\"price\":6.5}"),
                soldItem.body());
    }

    @Test
    void shouldShowTheLeadersAmountAsPriceForBidsRecordedBeforeTheBidScriptKeptOne() {
        // given: a v1 item hash, no price_cents and no min_bid_cents
        String id = create("v1", null, null);
        redis.hset(keys.item(id), Map.of("seq", "1", "lead_user", "john", "lead_amount_cents", "1250",
                "lead_seq", "1", "lead_ts_us", "1"));

        // when
        Map<String, Object> item = stack.get("/items/" + id).json();

        // then
        assertEquals(12.5, ((Number) item.get("price")).doubleValue());
        assertEquals(0, ((Number) item.get("minimum_bid")).intValue());
    }

    @Test
    void shouldMirrorAgainWithoutMovingAnExtendedOrBoughtClosingTimeBack() {
        // given
        long now = MicroTime.nowMicros();
        ItemState state = stack.context().getBean(ItemState.class);
        ItemRepository repository = stack.context().getBean(ItemRepository.class);
        String extended = create("again", now + HOUR_US, "{\"reserve_price\":5}");
        redis.hset(keys.item(extended), "closes_at_us", Long.toString(now + 3 * HOUR_US));
        String bought = create("bought", now + HOUR_US, "{\"buy_now_price\":5}");
        redis.hset(keys.item(bought), Map.of("closes_at_us", Long.toString(now - 7), "closed_reason", "buy_now",
                "closed_event", "1-0"));
        redis.zrem(RedisKeys.closing(keys.partitionOf(bought)), bought);
        ItemDoc extendedDoc = repository.findById(extended).orElseThrow();
        ItemDoc withoutReserve = extendedDoc.with(extendedDoc.title(), null, extendedDoc.closesAtUs(), ItemRules.NONE);

        // when: what every start does
        state.mirror(withoutReserve);
        state.mirror(repository.findById(bought).orElseThrow());

        // then
        assertEquals(Long.toString(now + 3 * HOUR_US), redis.hget(keys.item(extended), "closes_at_us"));
        assertEquals((double) (now + 3 * HOUR_US), redis.zscore(RedisKeys.closing(keys.partitionOf(extended)), extended));
        assertFalse(redis.hexists(keys.item(extended), "rule_reserve_cents"));
        assertEquals(Long.toString(now - 7), redis.hget(keys.item(bought), "closes_at_us"));
        assertNull(redis.zscore(RedisKeys.closing(keys.partitionOf(bought)), bought));
    }

    /** The state fields bid.lua leaves after two bids (the leader's recorded bid is seq 2). */
    private void bidState(String id, String leader, long leaderAmount, long price, long minimumBid) {
        redis.hset(keys.item(id), Map.of("seq", "2", "lead_user", leader, "lead_amount_cents", Long.toString(leaderAmount),
                "lead_seq", "2", "lead_ts_us", Long.toString(BID_TS_US),
                "price_cents", Long.toString(price), "min_bid_cents", Long.toString(minimumBid)));
    }

    private void setCatalogueClosesAt(String id, long closesAtUs) {
        stack.context().getBean(MongoStore.class).database().getCollection("items")
                .updateOne(new Document("_id", id), new Document("$set", new Document("closes_at_us", closesAtUs)));
    }

    private String create(String prefix, Long closesAtUs, String rules) {
        String id = TestStack.unique(prefix);
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

    private List<String> walk(String firstPage) {
        List<String> seen = new ArrayList<>();
        String after = null;
        do {
            Response page = stack.get(firstPage + (after == null ? "" : "&after=" + after));
            assertEquals(200, page.status(), page.toString());
            for (Map<String, Object> item : page.list("items")) {
                seen.add(item.get("id").toString());
            }
            Object next = page.json().get("next");
            after = next == null ? null : next.toString();
        } while (after != null);
        return seen;
    }
}
