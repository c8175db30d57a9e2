package dev.gavel.acceptor.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.Concurrently;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.StreamEntry;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Idempotency-Key on POST /items/{item}/impressions: a retry answers the first view and counts nothing new. */
class ImpressionIdempotencyHttpTest {

    private static final String ITEM_KEY = TestData.KEYS.item("999");
    private static final String EVENTS = TestData.KEYS.eventsOf("999");
    private static final String JOHN = TestData.basic("john", "12345");
    private static final String JANE = TestData.basic("jane", "67890");

    @RegisterExtension
    static final AcceptorFixture fixture = AcceptorFixture.withDefaults();

    @BeforeEach
    void freshData() {
        fixture.flushAll();
        fixture.user("john", "12345");
        fixture.user("jane", "67890");
        fixture.openItem(ITEM_KEY);
    }

    @Test
    void shouldReturnTheFirstResponseWhenAnImpressionIsReplayedWithTheSameKey() {
        // given
        HttpResponse<String> first = impression(JOHN, "view-1", "X-Country", "AT");

        // when
        HttpResponse<String> replay = impression(JOHN, "view-1", "X-Country", "DE");

        // then
        assertEquals(202, first.statusCode(), first.body());
        assertEquals(202, replay.statusCode(), replay.body());
        assertEquals(first.body(), replay.body());
        assertEquals(new JsonObject().put("item", "999").put("user", "john"), new JsonObject(replay.body()));
        assertEquals("1", fixture.probe().text("HGET", ITEM_KEY, "impressions"));
        assertEquals(1L, fixture.probe().number("XLEN", EVENTS));
        List<Map<String, String>> entries = fixture.probe().streamEntries(EVENTS);
        assertEquals("AT", entries.get(0).get(StreamEntry.COUNTRY), "the first request's context, not the replay's");
        assertEquals(StreamEntry.FORMAT_DERIVED_BY_PROCESSOR, entries.get(0).get(StreamEntry.FORMAT));
        assertEquals(List.of(EVENTS, ITEM_KEY, TestData.KEYS.idempotency("999", "john", "view-1"), RedisKeys.user("jane"),
                RedisKeys.user("john")).stream().sorted().toList(), fixture.probe().keys());
        long ttl = fixture.probe().number("TTL", TestData.KEYS.idempotency("999", "john", "view-1"));
        assertTrue(ttl > 86_000 && ttl <= 86_400, "ttl " + ttl);
    }

    @Test
    void shouldRecordExactlyOneImpressionForConcurrentReplaysOfOneKey() throws Exception {
        // when
        List<HttpResponse<String>> replays = Concurrently.send(20, () -> impression(JOHN, "same-view"));

        // then
        for (HttpResponse<String> replay : replays) {
            assertEquals(202, replay.statusCode(), replay.body());
        }
        List<String> bodies = replays.stream().map(HttpResponse::body).toList();
        assertEquals(20, bodies.size());
        assertEquals(1, bodies.stream().distinct().count(), bodies.toString());
        assertEquals("1", fixture.probe().text("HGET", ITEM_KEY, "impressions"));
        assertEquals(1L, fixture.probe().number("XLEN", EVENTS));
    }

    @Test
    void shouldRecordTheSameKeyFromAnotherUserAsAnotherImpression() {
        // given
        HttpResponse<String> john = impression(JOHN, "shared");

        // when
        HttpResponse<String> jane = impression(JANE, "shared");
        HttpResponse<String> janeAgain = impression(JANE, "shared");

        // then
        assertEquals(202, john.statusCode(), john.body());
        assertEquals(202, jane.statusCode(), jane.body());
        assertEquals("jane", new JsonObject(jane.body()).getString("user"));
        assertEquals(jane.body(), janeAgain.body());
        assertEquals("2", fixture.probe().text("HGET", ITEM_KEY, "impressions"));
        assertEquals(2L, fixture.probe().number("XLEN", EVENTS));
        assertEquals(List.of("john", "jane"),
                fixture.probe().streamEntries(EVENTS).stream().map(entry -> entry.get(StreamEntry.USER)).toList());
    }

    @Test
    void shouldRespondWithBadRequestForAMalformedIdempotencyKeyAndRecordNothing() {
        for (String key : List.of("k".repeat(65), "tab\there", "naïve", " ")) {
            // when
            HttpResponse<String> response = impression(JOHN, key);

            // then
            assertEquals(400, response.statusCode(), key + " -> " + response.body());
            assertEquals("bad_request", new JsonObject(response.body()).getString("error"), response.body());
        }
        HttpResponse<String> twice = fixture.acceptor().send(fixture.acceptor().request("/items/999/impressions")
                .header("Authorization", JOHN).header("Idempotency-Key", "a").header("Idempotency-Key", "b")
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(400, twice.statusCode(), twice.body());
        assertNull(fixture.probe().text("HGET", ITEM_KEY, "impressions"));
        assertEquals(0L, fixture.probe().number("EXISTS", EVENTS));
        assertEquals(3L, fixture.probe().number("DBSIZE"), "only the two users and the item");
    }

    @Test
    void shouldAcceptAKeyOfExactlySixtyFourPrintableCharacters() {
        // when
        HttpResponse<String> response = impression(JOHN, "~".repeat(63) + " ");

        // then
        assertEquals(202, response.statusCode(), response.body());
        assertEquals("1", fixture.probe().text("HGET", ITEM_KEY, "impressions"));
    }

    @Test
    void shouldRespondWithConflictForAKeyFirstUsedForABidOnTheSameItem() {
        // given
        HttpResponse<String> bid = fixture.acceptor().send(fixture.acceptor().request("/items/999/bids")
                .header("Authorization", JOHN).header("Content-Type", "application/json")
                .header("Idempotency-Key", "k").PUT(HttpRequest.BodyPublishers.ofString("{\"amount\": 3}")).build());

        // when
        HttpResponse<String> view = impression(JOHN, "k");

        // then
        assertEquals(201, bid.statusCode(), bid.body());
        assertEquals(409, view.statusCode(), view.body());
        assertEquals("conflict", new JsonObject(view.body()).getString("error"));
        assertNull(fixture.probe().text("HGET", ITEM_KEY, "impressions"));
    }

    @Test
    void shouldNotRememberAnImpressionOfAnUnknownItemUnderItsKey() {
        // given
        HttpResponse<String> unknown = fixture.acceptor().impression("/items/998/impressions", JOHN, "Idempotency-Key", "retry-me");
        fixture.openItem(TestData.KEYS.item("998"));

        // when
        HttpResponse<String> retried = fixture.acceptor().impression("/items/998/impressions", JOHN, "Idempotency-Key", "retry-me");

        // then
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertEquals(202, retried.statusCode(), retried.body());
        assertEquals("1", fixture.probe().text("HGET", TestData.KEYS.item("998"), "impressions"));
    }

    /** POST /items/999/impressions as {@code authorization} with {@code key}, then name, value header pairs. */
    private static HttpResponse<String> impression(String authorization, String key, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Idempotency-Key";
        all[1] = key;
        System.arraycopy(headers, 0, all, 2, headers.length);
        return fixture.acceptor().impression("/items/999/impressions", authorization, all);
    }
}
