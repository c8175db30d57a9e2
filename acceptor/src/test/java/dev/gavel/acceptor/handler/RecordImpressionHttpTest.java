package dev.gavel.acceptor.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.StreamEntry;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class RecordImpressionHttpTest {

    private static final String ITEM_KEY = TestData.KEYS.item("999");
    private static final String EVENTS = TestData.KEYS.eventsOf("999");
    private static final String JOHN = TestData.basic("john", "12345");

    @RegisterExtension
    static final AcceptorFixture fixture = AcceptorFixture.withDefaults();

    @BeforeEach
    void freshData() {
        fixture.flushAll();
        fixture.user("john", "12345");
        fixture.openItem(ITEM_KEY);
    }

    @Test
    void shouldRespondWithAcceptedAndAppendTheImpressionEventOfTheLayout() {
        // when
        HttpResponse<String> response = fixture.acceptor().impression("/items/999/impressions", JOHN,
                "X-SDK-Version", "1.0", "X-Platform", "ios", "X-Country", "AT", "X-Session-Id", "s-42");

        // then
        assertEquals(202, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(new JsonObject().put("item", "999").put("user", "john"), new JsonObject(response.body()));
        assertEquals("1", fixture.probe().text("HGET", ITEM_KEY, "impressions"));
        List<String> fields = fixture.probe().call("XRANGE", EVENTS, "-", "+").get(0).get(1).stream().map(Response::toString).toList();
        assertEquals(List.of("type", "impression", "event_id", "impression:999:1", "item", "999", "user", "john",
                "sdk_version", "1.0", "platform", "ios", "country", "AT", "session_id", "s-42"), fields.subList(0, 16));
        assertEquals("ts_us", fields.get(16));
        assertTrue(Long.parseLong(fields.get(17)) > 1_700_000_000_000_000L, fields.get(17));
        assertEquals(List.of("v", "2"), fields.subList(18, 20));
        assertEquals(20, fields.size());
        assertEquals(List.of(EVENTS, ITEM_KEY, RedisKeys.user("john")).stream().sorted().toList(), fixture.probe().keys(),
                "the impression writes its counter and its entry, no derived key");
    }

    @Test
    void shouldTakeTheContextFromQueryParametersWhenHeadersAreAbsent() {
        // when
        HttpResponse<String> response = fixture.acceptor().impression(
                "/items/999/impressions?sdk_version=2.1&platform=web&country_code=DE&session_id=abc", JOHN,
                "X-Platform", "android");

        // then
        assertEquals(202, response.statusCode(), response.body());
        assertEquals(List.of("2.1", "android", "DE", "abc"), context(fixture.probe().streamEntries(EVENTS).get(0)));
    }

    @Test
    void shouldGiveABidEntryTheContextAnImpressionEntryGetsFromTheSameRequest() {
        // given
        String query = "?sdk_version=2.1&platform=web&session_id=q-1";
        String[] headers = {"X-Platform", "android", "X-Country", "AT"};

        // when
        HttpResponse<String> viewed = fixture.acceptor().impression("/items/999/impressions" + query, JOHN, headers);
        HttpResponse<String> bid = fixture.acceptor().send(fixture.acceptor().request("/items/999/bids" + query)
                .header("Authorization", JOHN).headers(headers).PUT(HttpRequest.BodyPublishers.noBody()).build());
        fixture.acceptor().bid("999", null, JOHN);

        // then
        assertEquals(202, viewed.statusCode(), viewed.body());
        assertEquals(201, bid.statusCode(), bid.body());
        List<Map<String, String>> entries = fixture.probe().streamEntries(EVENTS);
        assertEquals(List.of("impression", "bid", "bid"), entries.stream().map(entry -> entry.get(StreamEntry.TYPE)).toList());
        assertEquals(List.of("2.1", "android", "AT", "q-1"), context(entries.get(0)));
        assertEquals(context(entries.get(0)), context(entries.get(1)));
        assertEquals(List.of("", "", "", ""), context(entries.get(2)));
        for (Map<String, String> entry : entries) {
            assertEquals(StreamEntry.FORMAT_DERIVED_BY_PROCESSOR, entry.get(StreamEntry.FORMAT), entry.toString());
        }
    }

    @Test
    void shouldCountAViewOfAClosedOrScheduledItem() {
        // given
        TestData.item(fixture.redis(), TestData.KEYS.item("999"), "closes_at_us", "2");
        TestData.item(fixture.redis(), TestData.KEYS.item("a"), "opens_at_us", "4102444800000000");

        // when
        HttpResponse<String> closed = fixture.acceptor().impression("/items/999/impressions", JOHN);
        HttpResponse<String> scheduled = fixture.acceptor().impression("/items/a/impressions", JOHN);

        // then
        assertEquals(202, closed.statusCode(), closed.body());
        assertEquals(202, scheduled.statusCode(), scheduled.body());
    }

    @Test
    void shouldRespondWithNotFoundForAnUnknownItemAndRecordNothing() {
        // when
        HttpResponse<String> response = fixture.acceptor().impression("/items/998/impressions", JOHN);

        // then
        assertError(response, 404, "not_found");
        assertEquals(List.of(ITEM_KEY, RedisKeys.user("john")).stream().sorted().toList(), fixture.probe().keys());
    }

    @Test
    void shouldRespondWithBadRequestForAnOverLongOrNonPrintableContextValue() {
        // when
        HttpResponse<String> tooLong = fixture.acceptor().impression("/items/999/impressions", JOHN, "X-Country", "x".repeat(33));
        HttpResponse<String> control = fixture.acceptor().impression("/items/999/impressions?session_id=a%09b", JOHN);
        HttpResponse<String> badBid = fixture.acceptor().put("/items/999/bids?platform=" + "p".repeat(33), null, JOHN, null);

        // then
        assertError(tooLong, 400, "bad_request");
        assertError(control, 400, "bad_request");
        assertError(badBid, 400, "bad_request");
        assertEquals(0L, fixture.probe().number("EXISTS", EVENTS));
    }

    @Test
    void shouldRespondWithUnauthorizedWithoutCredentials() {
        // when
        HttpResponse<String> response = fixture.acceptor().impression("/items/999/impressions", null);

        // then
        assertError(response, 401, "unauthorized");
        assertEquals("Basic realm=\"gavel\"", response.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void shouldRespondWithMethodNotAllowedForAnotherMethod() {
        // when
        HttpResponse<String> response = fixture.acceptor().send("PUT", "/items/999/impressions");

        // then
        assertError(response, 405, "method_not_allowed");
        assertEquals("POST", response.headers().firstValue("Allow").orElse(""));
    }

    private static List<String> context(Map<String, String> entry) {
        return StreamEntry.IMPRESSION_CONTEXT.stream().map(entry::get).toList();
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, new JsonObject(response.body()).getString("error"), response.body());
    }
}
