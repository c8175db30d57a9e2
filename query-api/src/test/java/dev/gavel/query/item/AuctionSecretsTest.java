package dev.gavel.query.item;

import com.mongodb.client.MongoCollection;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.store.MongoStore;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import io.lettuce.core.api.sync.RedisCommands;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reserve price is shown to admins only and a bidder's ceiling to no reader at all: every read of an
 * item that has both (item, list, winner, bids, events), with the ceiling in the standings hash as the bid
 * script keeps it and the reserve set, must show neither (an admin sees the reserve, never the ceiling).
 */
class AuctionSecretsTest {

    /** 9876.54 and 4321.09: amounts no other field of these answers can hold. */
    private static final String CEILING_CENTS = "987654";
    private static final String CEILING = "9876.54";
    private static final String RESERVE = "4321.09";

    private final TestStack stack = TestStack.get();
    private final RedisCommands<String, String> redis = stack.redis();
    private final RedisKeys keys = new RedisKeys(new Partitioner(16));

    @Test
    void shouldNeverShowACeilingAndShowTheReserveToAdminsOnly() {
        // given: john leads with a maximum bid of 9876.54 on an item whose reserve is 4321.09
        String id = TestStack.unique("secret");
        Response created = stack.postJson("/items", "{\"id\":\"" + id + "\",\"title\":\"Secret\",\"rules\":{"
                + "\"reserve_price\":" + RESERVE + ",\"increment\":1}}", "Authorization", stack.adminAuth());
        assertEquals(201, created.status(), created.toString());
        redis.hset(keys.itemStandings(id), Map.of("john", "1200|" + CEILING_CENTS + "|1", "otto", "1100|1100|2"));
        redis.rpush(keys.itemBids(id), "1|john|1000|1795000000000000", "2|otto|1100|1795000000000001",
                "3|john|1200|1795000000000001|auto");
        redis.hset(keys.item(id), Map.of("seq", "3", "lead_user", "john", "lead_amount_cents", "1200",
                "lead_seq", "3", "lead_ts_us", "1795000000000001", "price_cents", "1200", "min_bid_cents", "1300"));
        MongoCollection<Document> events = stack.context().getBean(MongoStore.class).database().getCollection("events");
        events.insertOne(new Document("_id", "bid:" + id + ":3").append("type", "bid").append("ts_us", 1795000000000001L)
                .append("item", id).append("user", "john").append("amount_cents", 1200L).append("seq", 3L)
                .append("auto", true));
        events.insertOne(new Document("_id", "item_closed:" + id).append("type", "item_closed")
                .append("ts_us", 1795000000000002L).append("item", id).append("winner", null).append("price_cents", null)
                .append("reserve_met", false).append("reason", "time").append("result", "no_sale"));
        String after = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(id.substring(0, id.length() - 1).getBytes(StandardCharsets.UTF_8));

        // when
        List<Response> publicReads = List.of(stack.get("/items/" + id), stack.get("/items?limit=5&after=" + after),
                stack.get("/items/" + id + "/winner"), stack.get("/items/" + id + "/bids"),
                stack.get("/events?item=" + id), stack.get("/events?type=item_closed&item=" + id));
        Response adminItem = stack.get("/items/" + id, stack.adminAuth());
        Response adminList = stack.get("/items?limit=5&after=" + after, stack.adminAuth());

        // then
        for (Response response : publicReads) {
            assertEquals(200, response.status(), response.toString());
            assertTrue(response.body().contains(id), response.body());
            for (String secret : List.of(CEILING, CEILING_CENTS, RESERVE, "432109", "reserve_price", "max_amount",
                    "ceiling")) {
                assertFalse(response.body().contains(secret), secret + " shown in " + response.body());
            }
        }
        for (Response response : List.of(adminItem, adminList)) {
            assertTrue(response.body().contains("\"reserve_price\":" + RESERVE), response.body());
            assertFalse(response.body().contains(CEILING) || response.body().contains(CEILING_CENTS), response.body());
        }
    }
}
