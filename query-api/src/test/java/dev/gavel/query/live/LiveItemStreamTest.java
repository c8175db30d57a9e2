package dev.gavel.query.live;

import dev.gavel.contract.MicroTime;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveItemStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static TestStack stack;
    private static ScriptWrites writes;
    private static int port;

    @BeforeAll
    static void start() {
        stack = TestStack.get();
        writes = new ScriptWrites(stack.commands(), stack.context().getBean(RedisKeys.class));
        port = stack.uri("/").getPort();
    }

    static String newItem(TestStack stack, String closesAt) {
        String item = TestStack.unique("live");
        String body = "{\"id\":\"" + item + "\",\"title\":\"Live\"" + (closesAt == null ? "" : ",\"closes_at\":\"" + closesAt + "\"") + "}";
        Response created = stack.postJson("/items", body, "Authorization", stack.adminAuth());
        assertEquals(201, created.status(), created.toString());
        return item;
    }

    @Test
    void shouldSendEachBidOfTheItemAsItHappensWithoutHistory() throws Exception {
        // given: an item with a bid before the subscriber came, and another item
        String item = newItem(stack, null);
        String other = newItem(stack, null);
        writes.bid(item, "early", 500, 500, true, 0, "");
        try (SseReader sse = SseReader.open(port, "/items/" + item + "/live", Map.of())) {
            assertEquals(200, sse.status());
            assertTrue(sse.header("Content-Type").startsWith("text/event-stream"), sse.header("Content-Type"));
            assertEquals("no-cache", sse.header("Cache-Control"));
            assertEquals("no", sse.header("X-Accel-Buffering"));

            // when
            writes.bid(other, "elsewhere", 100, 100, true, 0, "");
            writes.bid(item, "john", 1250, 1000, true, 0, "early");

            // then: only the new bid of this item, exactly as the contract shows it
            SseReader.Sse bid = sse.nextEvent(WAIT);
            assertNotNull(bid, "no bid event arrived");
            assertEquals("bid", bid.name());
            assertEquals("2", bid.id());
            Map<String, Object> data = stack.parse(bid.data());
            assertEquals(7, data.size(), bid.data());
            assertEquals(2, ((Number) data.get("seq")).intValue());
            assertEquals("john", data.get("user"));
            assertEquals("12.5", data.get("amount").toString());
            assertEquals("10", data.get("price").toString().replace(".0", ""));
            assertEquals(true, data.get("leading"));
            assertEquals(false, data.get("auto"));
            assertTrue(data.get("ts").toString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"), bid.data());
            assertFalse(bid.data().contains("max"), bid.data());
            assertNull(sse.nextEvent(Duration.ofMillis(300)), "an event of another item or a repeated one");
        }
    }

    @Test
    void shouldAnnounceAnExtensionAndTheCloseWithTheLatestBidsSeq() throws Exception {
        String item = newItem(stack, null);
        try (SseReader sse = SseReader.open(port, "/items/" + item + "/live", Map.of())) {
            long closesAt = MicroTime.nowMicros() + 120_000_000L;
            writes.bid(item, "otto", 1000, 1000, true, closesAt, "");
            writes.closed(item, "otto", 1000, "time");

            SseReader.Sse bid = sse.nextEvent(WAIT);
            SseReader.Sse extended = sse.nextEvent(WAIT);
            SseReader.Sse closed = sse.nextEvent(WAIT);

            assertEquals("bid", bid.name());
            assertEquals("extended", extended.name());
            assertEquals("1", extended.id());
            assertEquals(Map.of("closes_at", MicroTime.format(closesAt)), stack.parse(extended.data()));
            assertEquals("closed", closed.name());
            assertEquals("1", closed.id());
            Map<String, Object> data = stack.parse(closed.data());
            assertEquals("time", data.get("reason"));
            @SuppressWarnings("unchecked")
            Map<String, Object> result = (Map<String, Object>) data.get("result");
            assertEquals("otto", result.get("winner"));
            assertEquals("10", result.get("price").toString().replace(".0", ""));
        }
    }

    @Test
    void shouldSendNoSaleAndOmitTheIdWhenTheItemClosesWithoutBids() throws Exception {
        String item = newItem(stack, null);
        try (SseReader sse = SseReader.open(port, "/items/" + item + "/live", Map.of())) {
            writes.closed(item, "", 0, "time");

            SseReader.Sse closed = sse.nextEvent(WAIT);

            assertEquals("closed", closed.name());
            assertNull(closed.id());
            assertEquals(Map.of("result", "no_sale", "reason", "time"), stack.parse(closed.data()));
        }
    }

    @Test
    void shouldAnswerNotFoundJsonForAnUnknownItemBeforeAnyStream() {
        try (SseReader sse = SseReader.open(port, "/items/" + TestStack.unique("nope") + "/live", Map.of())) {
            assertEquals(404, sse.status());
            assertTrue(sse.header("Content-Type").startsWith("application/json"), sse.header("Content-Type"));
            Map<String, Object> body = stack.parse(sse.body());
            assertEquals("not_found", body.get("error"));
        }
    }

    @Test
    void shouldAnswerNotFoundJsonToAPlainClient() {
        assertError(stack.get("/items/" + TestStack.unique("nope") + "/live"), 404, "not_found");
    }

    @Test
    void shouldRefuseALastEventIdThatIsNoSeq() {
        String item = newItem(stack, null);
        try (SseReader sse = SseReader.open(port, "/items/" + item + "/live", Map.of("Last-Event-ID", "abc"))) {
            assertEquals(400, sse.status());
            assertEquals("bad_request", stack.parse(sse.body()).get("error"));
        }
    }
}
