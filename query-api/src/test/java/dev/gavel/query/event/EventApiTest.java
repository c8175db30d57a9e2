package dev.gavel.query.event;

import com.mongodb.client.MongoCollection;
import dev.gavel.contract.MicroTime;
import dev.gavel.query.store.MongoStore;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * GET /events over event documents written straight into MongoDB as the archive writes them, so the read
 * side is pinned to the byte whoever archives (docs/api.md "Events").
 */
class EventApiTest {

    private static final long TS = 1_795_870_860_123_456L;

    private final TestStack stack = TestStack.get();
    private final MongoCollection<Document> events = stack.context().getBean(MongoStore.class).database()
            .getCollection("events");

    @Test
    void shouldShowABidAndAnImpressionWithTheFieldsOfTheirType() {
        // given
        String item = TestStack.unique("ev");
        events.insertOne(new Document("_id", "bid:" + item + ":1").append("type", "bid").append("ts_us", TS)
                .append("item", item).append("user", "john").append("amount_cents", 1250L).append("seq", 1L));
        events.insertOne(new Document("_id", "impression:" + item + ":1").append("type", "impression")
                .append("ts_us", TS + 1).append("item", item).append("user", "otto").append("sdk_version", "1.2")
                .append("platform", "ios").append("country", ""));

        // when
        Response response = stack.get("/events?item=" + item);

        // then
        assertEquals(200, response.status(), response.toString());
        assertEquals("{\"events\":["
                + "{\"id\":\"bid:" + item + ":1\",\"type\":\"bid\",\"ts\":\"" + MicroTime.format(TS) + "\",\"item\":\""
                + item + "\",\"user\":\"john\",\"amount\":12.5,\"seq\":1},"
                + "{\"id\":\"impression:" + item + ":1\",\"type\":\"impression\",\"ts\":\"" + MicroTime.format(TS + 1)
                + "\",\"item\":\"" + item + "\",\"user\":\"otto\",\"sdk_version\":\"1.2\",\"platform\":\"ios\","
                + "\"country\":null,\"session_id\":null}"
                + "],\"next\":null}", response.body());
    }

    @Test
    void shouldShowItemClosedEventsWithWinnerPriceReserveAndReason() {
        // given: two closes as the processor archives them
        String item = TestStack.unique("closed");
        String other = TestStack.unique("closed");
        events.insertOne(new Document("_id", "item_closed:" + item).append("type", "item_closed").append("ts_us", TS)
                .append("item", item).append("winner", "otto").append("price_cents", 1250L)
                .append("reserve_met", true).append("reason", "buy_now").append("result", "sold"));
        events.insertOne(new Document("_id", "item_closed:" + other).append("type", "item_closed")
                .append("ts_us", TS).append("item", other).append("winner", null).append("price_cents", null)
                .append("reserve_met", null).append("reason", "time").append("result", "no_sale"));

        // when
        Response sold = stack.get("/events?type=item_closed&item=" + item);
        Response unsold = stack.get("/events?type=item_closed&item=" + other);

        // then
        assertEquals(200, sold.status(), sold.toString());
        assertEquals("{\"events\":[{\"id\":\"item_closed:" + item + "\",\"type\":\"item_closed\",\"ts\":\""
                + MicroTime.format(TS) + "\",\"item\":\"" + item + "\",\"winner\":\"otto\",\"price\":12.5,"
                + "\"reserve_met\":true,\"reason\":\"buy_now\"}],\"next\":null}", sold.body());
        assertEquals("{\"events\":[{\"id\":\"item_closed:" + other + "\",\"type\":\"item_closed\",\"ts\":\""
                + MicroTime.format(TS) + "\",\"item\":\"" + other + "\",\"winner\":null,\"price\":null,"
                + "\"reserve_met\":null,\"reason\":\"time\"}],\"next\":null}", unsold.body());
    }

    @Test
    void shouldShowAnAutomaticBidWithTheContractsBidFieldsOnly() {
        // given: the archive keeps "auto" (and nothing of a ceiling); the contract's bid event lists neither
        String item = TestStack.unique("evauto");
        events.insertOne(new Document("_id", "bid:" + item + ":2").append("type", "bid").append("ts_us", TS)
                .append("item", item).append("user", "john").append("amount_cents", 1300L).append("seq", 2L)
                .append("auto", true));

        // when
        Response response = stack.get("/events?type=bid&item=" + item);

        // then
        assertEquals(200, response.status(), response.toString());
        assertEquals("{\"events\":[{\"id\":\"bid:" + item + ":2\",\"type\":\"bid\",\"ts\":\"" + MicroTime.format(TS)
                + "\",\"item\":\"" + item + "\",\"user\":\"john\",\"amount\":13,\"seq\":2}],\"next\":null}",
                response.body());
    }

    @Test
    void shouldShowACertificateWithItsIssuerAndShares() {
        // given
        String issuer = TestStack.unique("iss");
        String cls = TestStack.unique("C").replace("-", "").toUpperCase();
        events.insertOne(new Document("_id", "certificate:" + cls + "-7").append("type", "certificate")
                .append("ts_us", TS).append("cert_id", cls + "-7").append("class", cls).append("number", 7L)
                .append("stakeholder", "Salt Bae").append("amount", 1500L).append("user", issuer));

        // when
        Response response = stack.get("/events?type=certificate&user=" + issuer);

        // then
        assertEquals(200, response.status(), response.toString());
        assertEquals("{\"events\":[{\"id\":\"certificate:" + cls + "-7\",\"type\":\"certificate\",\"ts\":\""
                + MicroTime.format(TS) + "\",\"cert_id\":\"" + cls + "-7\",\"class\":\"" + cls + "\",\"number\":7,\"stakeholder\":\"Salt Bae\",\"amount\":1500,"
                + "\"user\":\"" + issuer + "\"}],\"next\":null}", response.body());
    }

    @Test
    void shouldPageByTimeThenIdSoEqualTimesNeitherRepeatNorSkip() {
        // given: five bids, three of them at the same microsecond, inserted out of order
        String item = TestStack.unique("ev");
        for (int seq : new int[] {5, 3, 1, 4, 2}) {
            events.insertOne(new Document("_id", "bid:" + item + ":" + seq).append("type", "bid")
                    .append("ts_us", seq <= 3 ? TS : TS + seq).append("item", item).append("user", "john")
                    .append("amount_cents", 100L * seq).append("seq", (long) seq));
        }

        // when
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String after = null;
        do {
            Response page = stack.get("/events?item=" + item + "&limit=2" + (after == null ? "" : "&after=" + after));
            assertEquals(200, page.status(), page.toString());
            page.list("events").forEach(event -> seen.add(event.get("id").toString()));
            sizes.add(page.list("events").size());
            after = (String) page.json().get("next");
        } while (after != null);

        // then
        assertEquals(List.of("bid:" + item + ":1", "bid:" + item + ":2", "bid:" + item + ":3", "bid:" + item + ":4",
                "bid:" + item + ":5"), seen);
        assertEquals(List.of(2, 2, 1), sizes);
    }

    @Test
    void shouldRefuseUnknownTypesAndMalformedFilters() {
        assertError(stack.get("/events?type=sale"), 400, "bad_request");
        assertEquals("type must be bid, impression, certificate or item_closed", stack.get("/events?type=sale").json().get("message"));
        assertError(stack.get("/events?item=a%20b"), 400, "bad_request");
        assertError(stack.get("/events?user=no%20one"), 400, "bad_request");
        assertError(stack.get("/events?limit=0"), 400, "bad_request");
        assertError(stack.get("/events?after=abc"), 400, "bad_request");
    }

    @Test
    void shouldAnswerAnEmptyPageForAFilterNothingMatches() {
        Response response = stack.get("/events?item=" + TestStack.unique("none"));

        assertEquals(200, response.status(), response.toString());
        assertEquals(List.of(), response.list("events"));
        assertNull(response.json().get("next"));
    }
}
