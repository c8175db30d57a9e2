package dev.gavel.acceptor.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.TestData;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PlaceBidHttpTest {

    private static final String ITEM_KEY = TestData.KEYS.item("999");
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
    void shouldRespondWithCreatedAndTheRecordedBid() {
        // given
        long before = Instant.now().toEpochMilli();

        // when
        HttpResponse<String> response = fixture.acceptor().bid("999", "{\"amount\": 12.50}", JOHN);

        // then
        assertEquals(201, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonObject body = new JsonObject(response.body());
        assertEquals("999", body.getString("item"));
        assertEquals("john", body.getString("user"));
        assertTrue(response.body().contains("\"amount\":12.5,"), response.body());
        assertEquals(1L, body.getLong("seq"));
        assertEquals(true, body.getBoolean("leading"));
        String ts = body.getString("ts");
        assertTrue(ts.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z"), ts);
        assertTrue(Instant.parse(ts).toEpochMilli() >= before);
        long tsMicros = Instant.parse(ts).getEpochSecond() * 1_000_000L + Instant.parse(ts).getNano() / 1_000;
        assertEquals(List.of("1|john|1250|" + tsMicros + "||1250|1"), fixture.probe().list(ITEM_KEY + ":bids"));
    }

    @Test
    void shouldBidZeroWithoutABody() {
        // when
        HttpResponse<String> response = fixture.acceptor().bid("999", null, JOHN);

        // then
        assertEquals(201, response.statusCode());
        assertTrue(response.body().contains("\"amount\":0,"), response.body());
    }

    @Test
    void shouldNumberBidsOneTwoThreePerItem() {
        // given
        fixture.openItem(TestData.KEYS.item("item-1"));

        // when
        long first = seqOf(fixture.acceptor().bid("999", "{\"amount\": 1}", JOHN));
        long other = seqOf(fixture.acceptor().bid("item-1", "{\"amount\": 1}", JOHN));
        long second = seqOf(fixture.acceptor().bid("999", "{\"amount\": 2}", JOHN));
        long third = seqOf(fixture.acceptor().bid("999", "{\"amount\": 3}", JOHN));

        // then
        assertEquals(1L, first);
        assertEquals(1L, other);
        assertEquals(2L, second);
        assertEquals(3L, third);
    }

    @Test
    void shouldRespondWithUnauthorizedWhenCredentialsAreMissing() {
        // when
        HttpResponse<String> response = fixture.acceptor().bid("999", "{\"amount\": 1}", null);

        // then
        assertError(response, 401, "unauthorized");
        assertEquals("Basic realm=\"gavel\"", response.headers().firstValue("WWW-Authenticate").orElse(""));
    }

    @Test
    void shouldRespondWithUnauthorizedWhenThePasswordIsWrong() {
        // when
        HttpResponse<String> response = fixture.acceptor().bid("999", "{\"amount\": 1}", TestData.basic("john", "wrong"));

        // then
        assertError(response, 401, "unauthorized");
        assertEquals("Basic realm=\"gavel\"", response.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(0L, fixture.probe().number("LLEN", ITEM_KEY + ":bids"));
    }

    @Test
    void shouldRespondWithUnauthorizedWhenTheUserIsUnknown() {
        // when
        HttpResponse<String> response = fixture.acceptor().bid("999", "{\"amount\": 1}", TestData.basic("nobody", "12345"));

        // then
        assertError(response, 401, "unauthorized");
    }

    @Test
    void shouldRespondWithNotFoundWhenTheItemDoesNotExist() {
        // when
        HttpResponse<String> response = fixture.acceptor().bid("998", "{\"amount\": 1}", JOHN);

        // then
        JsonObject body = assertError(response, 404, "not_found");
        assertEquals("item '998' does not exist", body.getString("message"));
    }

    @Test
    void shouldRespondWithConflictWhenTheItemIsClosed() {
        // given
        TestData.item(fixture.redis(), ITEM_KEY, "closes_at_us", "1763822460000000");

        // when
        HttpResponse<String> response = fixture.acceptor().bid("999", "{\"amount\": 1}", JOHN);

        // then
        JsonObject body = assertError(response, 409, "conflict");
        assertEquals("item '999' is closed (closed at 2025-11-22T14:41:00.000000Z)", body.getString("message"));
    }

    @Test
    void shouldRespondWithConflictWhenTheItemIsNotOpenYet() {
        // given
        TestData.item(fixture.redis(), ITEM_KEY, "opens_at_us", "4102444800000000");

        // when
        HttpResponse<String> response = fixture.acceptor().bid("999", "{\"amount\": 1}", JOHN);

        // then
        JsonObject body = assertError(response, 409, "conflict");
        assertEquals("item '999' is not open yet (opens at 2100-01-01T00:00:00.000000Z)", body.getString("message"));
    }

    @Test
    void shouldRespondWithPayloadTooLargeWhenTheBodyIsOverTheLimit() {
        // given
        String big = "{\"amount\": 1, \"padding\": \"" + "x".repeat(2000) + "\"}";

        // when
        HttpResponse<String> response = fixture.acceptor().bid("999", big, JOHN);

        // then
        assertError(response, 413, "payload_too_large");
    }

    @Test
    void shouldRespondWithUnsupportedMediaTypeWhenTheBodyIsNotJson() {
        // when
        HttpResponse<String> response = fixture.acceptor().put("/items/999/bids", "amount=1", JOHN, "text/plain");

        // then
        assertError(response, 415, "unsupported_media_type");
    }

    @Test
    void shouldRespondWithBadRequestWhenAmountHasThreeDecimals() {
        // when
        HttpResponse<String> response = fixture.acceptor().bid("999", "{\"amount\": 12.345}", JOHN);

        // then
        JsonObject body = assertError(response, 400, "bad_request");
        assertEquals("amount must have at most 2 decimal places", body.getString("message"));
    }

    @Test
    void shouldRespondWithBadRequestWhenAFieldIsMisspelt() {
        // when
        HttpResponse<String> response = fixture.acceptor().bid("999", "{\"ammount\": 12}", JOHN);

        // then
        assertError(response, 400, "bad_request");
        assertEquals(0L, fixture.probe().number("LLEN", ITEM_KEY + ":bids"));
    }

    @Test
    void shouldRespondWithBadRequestWhenTheItemIdIsInvalid() {
        // when
        HttpResponse<String> response = fixture.acceptor().bid("a%7Bb", "{\"amount\": 1}", JOHN);

        // then
        assertError(response, 400, "bad_request");
    }

    @Test
    void shouldRespondWithInternalWithoutDetailsWhenTheScriptFails() {
        // given
        TestData.item(fixture.redis(), ITEM_KEY, "lead_user", "otto");
        fixture.redis().command("HSET", ITEM_KEY, "lead_amount_cents", "not-a-number");

        // when
        HttpResponse<String> response = fixture.acceptor().bid("999", "{\"amount\": 1}", JOHN);

        // then
        JsonObject body = assertError(response, 500, "internal");
        assertEquals("internal error", body.getString("message"));
    }

    @Test
    void shouldRespondWithNotFoundJsonForAnUnknownRoute() {
        // when
        HttpResponse<String> response = fixture.acceptor().send("GET", "/nothing/here");

        // then
        assertError(response, 404, "not_found");
    }

    @Test
    void shouldRespondWithMethodNotAllowedAndAllowForAKnownPath() {
        // when
        HttpResponse<String> response = fixture.acceptor().send("POST", "/items/999/bids");

        // then
        assertError(response, 405, "method_not_allowed");
        assertEquals("PUT", response.headers().firstValue("Allow").orElse(""));
    }

    @Test
    void shouldReportHealthOnBothPaths() {
        // when
        HttpResponse<String> health = fixture.acceptor().send("GET", "/health");
        HttpResponse<String> acceptorHealth = fixture.acceptor().send("GET", "/acceptor/health");

        // then
        assertEquals(200, health.statusCode());
        assertEquals(new JsonObject().put("status", "up").put("redis", "up"), new JsonObject(health.body()));
        assertEquals(200, acceptorHealth.statusCode());
    }

    private static long seqOf(HttpResponse<String> response) {
        assertEquals(201, response.statusCode(), response.body());
        return new JsonObject(response.body()).getLong("seq");
    }

    private static JsonObject assertError(HttpResponse<String> response, int status, String code) {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        JsonObject body = new JsonObject(response.body());
        assertEquals(code, body.getString("error"));
        assertTrue(body.getString("message") != null && !body.getString("message").isBlank());
        assertEquals(2, body.size());
        return body;
    }
}
