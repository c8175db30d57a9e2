package dev.gavel.acceptor.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.Concurrently;
import dev.gavel.acceptor.support.TestData;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Idempotency-Key on PUT /items/{item}/bids: a retry answers the first bid and records nothing new. */
class BidIdempotencyHttpTest {

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
    void shouldReplayTheFirstBidByteForByteAndRecordNothingNew() {
        // given
        HttpResponse<String> first = bid("{\"amount\": 12.5}", "bid-1");

        // when
        HttpResponse<String> replay = bid("{\"amount\": \"12.50\"}", "bid-1");

        // then
        assertEquals(201, first.statusCode(), first.body());
        assertEquals(201, replay.statusCode(), replay.body());
        assertEquals(first.body(), replay.body());
        assertEquals(1L, fixture.probe().number("LLEN", ITEM_KEY + ":bids"));
        assertEquals(1L, fixture.probe().number("XLEN", TestData.KEYS.eventsOf("999")));
    }

    @Test
    void shouldRecordOneBidForConcurrentReplaysOfOneKey() throws Exception {
        // when
        List<HttpResponse<String>> replays = Concurrently.send(10, () -> bid("{\"amount\": 3}", "same"));

        // then
        for (HttpResponse<String> replay : replays) {
            assertEquals(201, replay.statusCode(), replay.body());
        }
        List<String> bodies = replays.stream().map(HttpResponse::body).toList();
        assertEquals(1, bodies.stream().distinct().count(), bodies.toString());
        assertEquals(1L, new JsonObject(bodies.get(0)).getLong("seq"));
        assertEquals(1L, fixture.probe().number("LLEN", ITEM_KEY + ":bids"));
    }

    @Test
    void shouldRespondWithConflictForAKeyReusedWithAnotherAmount() {
        // given
        assertEquals(201, bid("{\"amount\": 3}", "k").statusCode());

        // when
        HttpResponse<String> reused = bid("{\"amount\": 4}", "k");

        // then
        assertEquals(409, reused.statusCode(), reused.body());
        assertEquals("conflict", new JsonObject(reused.body()).getString("error"));
        assertEquals(1L, fixture.probe().number("LLEN", ITEM_KEY + ":bids"));
    }

    @Test
    void shouldPlaceBidsWithDifferentKeysOrNoKeyEachTime() {
        // when
        bid("{\"amount\": 3}", "a");
        bid("{\"amount\": 3}", "b");
        bid("{\"amount\": 3}", null);

        // then
        assertEquals(3L, fixture.probe().number("LLEN", ITEM_KEY + ":bids"));
    }

    private static HttpResponse<String> bid(String body, String key) {
        HttpRequest.Builder request = fixture.acceptor().request("/items/999/bids")
                .header("Authorization", JOHN).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return fixture.acceptor().send(request.build());
    }
}
