package dev.gavel.acceptor.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.TestData;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
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
    }

    @Test
    void shouldTakeTheContextFromQueryParametersWhenHeadersAreAbsent() {
        // when
        HttpResponse<String> response = fixture.acceptor().impression(
                "/items/999/impressions?sdk_version=2.1&platform=web&country_code=DE&session_id=abc", JOHN,
                "X-Platform", "android");

        // then
        assertEquals(202, response.statusCode(), response.body());
        assertEquals("1", fixture.probe().text("HGET", TestData.KEYS.statsCounterOf("999", "sdk", hex("2.1")), "impressions"));
        assertEquals("1", fixture.probe().text("HGET", TestData.KEYS.statsCounterOf("999", "platform", hex("android")), "impressions"));
        assertEquals("1", fixture.probe().text("HGET", TestData.KEYS.statsCounterOf("999", "country", hex("DE")), "impressions"));
        assertEquals(0L, fixture.probe().number("EXISTS", TestData.KEYS.statsCounterOf("999", "platform", hex("web"))));
    }

    @Test
    void shouldCountAUserAndAnSdkOfTheSameNameInSeparateKeySpaces() {
        // given
        fixture.user("1.0", "pw-1.0");

        // when
        fixture.acceptor().impression("/items/999/impressions", TestData.basic("1.0", "pw-1.0"), "X-SDK-Version", "1.0");
        fixture.acceptor().impression("/items/999/impressions", JOHN, "X-SDK-Version", "1.0");
        fixture.acceptor().bid("999", null, JOHN);

        // then
        assertEquals("1", fixture.probe().text("HGET", TestData.KEYS.statsCounterOf("999", "user", "1.0"), "impressions"));
        assertNull(fixture.probe().text("HGET", TestData.KEYS.statsCounterOf("999", "user", "1.0"), "bids"));
        assertEquals("2", fixture.probe().text("HGET", TestData.KEYS.statsCounterOf("999", "sdk", "312e30"), "impressions"));
        assertEquals("2", fixture.probe().text("HGET", TestData.KEYS.statsCounterOf("999", "item", "999"), "impressions"));
        assertEquals("1", fixture.probe().text("HGET", TestData.KEYS.statsCounterOf("999", "item", "999"), "bids"));
        assertEquals("2", fixture.probe().text("HGET", TestData.KEYS.statsTotalOf("999"), "impressions"));
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
        assertEquals(0L, fixture.probe().number("EXISTS", TestData.KEYS.eventsOf("item-1"), TestData.KEYS.statsTotalOf("item-1"),
                TestData.KEYS.statsCounterOf("item-1", "user", "john")));
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

    private static String hex(String value) {
        return HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(code, new JsonObject(response.body()).getString("error"), response.body());
    }
}
