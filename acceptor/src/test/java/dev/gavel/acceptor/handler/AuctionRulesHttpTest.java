package dev.gavel.acceptor.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.TestData;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** PUT /items/{item}/bids under the auction rules: the 201's new fields, bid_too_low, max_amount and its secrecy. */
class AuctionRulesHttpTest {

    private static final String ITEM_KEY = TestData.KEYS.item("999");
    private static final String JOHN = TestData.basic("john", "12345");
    private static final String OTTO = TestData.basic("otto", "12345");
    /** A ceiling no other number of these tests comes near, so finding its digits anywhere is a leak. */
    private static final String CEILING = "7777.77";
    private static final String CEILING_CENTS = "777777";

    @RegisterExtension
    static final AcceptorFixture fixture = AcceptorFixture.withDefaults();

    @BeforeEach
    void freshData() {
        fixture.flushAll();
        fixture.user("john", "12345");
        fixture.user("otto", "12345");
        fixture.openItem(ITEM_KEY);
    }

    @Test
    void shouldAnswerThePriceMinimumBidClosingTimeAndStatusOfAnItemWithoutRules() {
        // when
        HttpResponse<String> response = bid("{\"amount\": 12.5}", JOHN, null);

        // then
        assertEquals(201, response.statusCode(), response.body());
        JsonObject body = new JsonObject(response.body());
        assertEquals(new BigDecimal("12.5"), new BigDecimal(body.getValue("price").toString()));
        assertEquals(0, body.getInteger("minimum_bid"));
        assertTrue(body.containsKey("closes_at"));
        assertNull(body.getValue("closes_at"));
        assertEquals("open", body.getString("status"));
        assertFalse(body.containsKey("max_amount"));
    }

    @Test
    void shouldAnswerTheClosingTimeAndTheIncrementsMinimumBid() {
        // given
        fixture.redis().command("HSET", ITEM_KEY, "closes_at_us", "4102444800000000", "rule_increment", "0:50,1000:100");

        // when
        JsonObject body = new JsonObject(bid("{\"amount\": 10}", JOHN, null).body());

        // then
        assertEquals("2100-01-01T00:00:00.000000Z", body.getString("closes_at"));
        assertEquals(11, body.getInteger("minimum_bid"));
    }

    @Test
    void shouldRefuseABidBelowTheMinimumWithBidTooLowAndTheMinimumBid() {
        // given
        fixture.redis().command("HSET", ITEM_KEY, "rule_start_cents", "550");

        // when
        HttpResponse<String> response = bid("{\"amount\": 5.49, \"max_amount\": " + CEILING + "}", JOHN, null);

        // then
        assertEquals(409, response.statusCode());
        JsonObject body = new JsonObject(response.body());
        assertEquals("bid_too_low", body.getString("error"));
        assertEquals(new BigDecimal("5.5"), new BigDecimal(body.getValue("minimum_bid").toString()));
        assertTrue(response.body().contains("\"minimum_bid\":5.5"), response.body());
        assertFalse(response.body().contains(CEILING), response.body());
        assertEquals(0L, fixture.probe().number("EXISTS", ITEM_KEY + ":bids"));
    }

    @Test
    void shouldRefuseAMaximumBelowTheAmount() {
        // when
        HttpResponse<String> response = bid("{\"amount\": 10, \"max_amount\": 9.99}", JOHN, null);

        // then
        assertEquals(400, response.statusCode());
        assertEquals("max_amount must not be below amount", new JsonObject(response.body()).getString("message"));
    }

    @Test
    void shouldEchoTheMaximumToItsBidderOnlyAndShowItNowhereElse() {
        // given
        HttpResponse<String> own = bid("{\"amount\": 10, \"max_amount\": \"" + CEILING + "\"}", JOHN, null);

        // when
        HttpResponse<String> other = bid("{\"amount\": 20}", OTTO, null);
        HttpResponse<String> tooLow = bidWithStart("{\"amount\": 1}", OTTO);

        // then
        assertTrue(own.body().contains("\"max_amount\":7777.77"), own.body());
        JsonObject otherBody = new JsonObject(other.body());
        assertEquals(false, otherBody.getBoolean("leading"));
        assertEquals(20, otherBody.getInteger("price"));
        assertNoCeiling(other.body());
        assertNoCeiling(tooLow.body());
        fixture.probe().list(ITEM_KEY + ":bids").forEach(AuctionRulesHttpTest::assertNoCeiling);
        for (Map<String, String> entry : fixture.probe().streamEntries(TestData.KEYS.eventsOf("999"))) {
            assertNoCeiling(entry.toString());
        }
        fixture.probe().call("HGETALL", ITEM_KEY).forEach(value -> assertNoCeiling(value.toString()));
        assertEquals(List.of("john|1000", "otto|2000", "john|2000|auto"), fixture.probe().list(ITEM_KEY + ":bids")
                .stream().map(AuctionRulesHttpTest::whoWhatHow).toList());
    }

    @Test
    void shouldReplayTheFirstAnswerWithItsMaximumAndItsPriceAtTheTime() {
        // given
        HttpResponse<String> first = bid("{\"amount\": 10, \"max_amount\": 30}", JOHN, "k-1");
        bid("{\"amount\": 20}", OTTO, null);

        // when
        HttpResponse<String> replay = bid("{\"amount\": 10, \"max_amount\": 30}", JOHN, "k-1");

        // then
        assertEquals(201, replay.statusCode());
        assertEquals(first.body(), replay.body());
        assertTrue(replay.body().contains("\"max_amount\":30"), replay.body());
    }

    @Test
    void shouldRefuseAKeyReusedWithAnotherMaximum() {
        // given
        assertEquals(201, bid("{\"amount\": 10, \"max_amount\": 30}", JOHN, "k-2").statusCode());

        // when
        HttpResponse<String> reused = bid("{\"amount\": 10, \"max_amount\": 31}", JOHN, "k-2");

        // then
        assertEquals(409, reused.statusCode());
        assertEquals("conflict", new JsonObject(reused.body()).getString("error"));
    }

    @Test
    void shouldAnswerClosedForTheBidThatBoughtTheItem() {
        // given
        fixture.redis().command("HSET", ITEM_KEY, "rule_buy_now_cents", "10000");

        // when
        HttpResponse<String> buy = bid("{\"amount\": 150}", JOHN, null);
        HttpResponse<String> after = bid("{\"amount\": 200}", OTTO, null);

        // then
        JsonObject body = new JsonObject(buy.body());
        assertEquals(100, body.getInteger("amount"));
        assertEquals(100, body.getInteger("price"));
        assertEquals("closed", body.getString("status"));
        assertEquals(body.getString("ts"), body.getString("closes_at"));
        assertEquals(409, after.statusCode());
        assertEquals("conflict", new JsonObject(after.body()).getString("error"));
    }

    /** A bids-list entry without its seq, ts, price and leading: user, amount, and whether the system placed it. */
    private static String whoWhatHow(String entry) {
        String[] parts = entry.split("\\|", -1);
        return parts[1] + "|" + parts[2] + (parts[4].isEmpty() ? "" : "|" + parts[4]);
    }

    private static void assertNoCeiling(String text) {
        assertFalse(text.contains(CEILING) || text.contains(CEILING_CENTS) || text.contains("7777"), text);
    }

    private static HttpResponse<String> bidWithStart(String body, String authorization) {
        fixture.redis().command("HSET", ITEM_KEY, "rule_start_cents", "500");
        HttpResponse<String> response = bid(body, authorization, null);
        fixture.redis().command("HDEL", ITEM_KEY, "rule_start_cents");
        assertEquals(409, response.statusCode(), response.body());
        return response;
    }

    private static HttpResponse<String> bid(String body, String authorization, String key) {
        HttpRequest.Builder request = fixture.acceptor().request("/items/999/bids")
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return fixture.acceptor().send(request.build());
    }
}
