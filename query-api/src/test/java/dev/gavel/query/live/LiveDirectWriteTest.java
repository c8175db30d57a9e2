package dev.gavel.query.live;

import dev.gavel.contract.RedisKeys;
import dev.gavel.query.support.TestStack;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The streams' bytes go to the connection directly after the first piece: never compressed (they bypass
 * Micronaut's compression), and a busy stream is written at most every GAVEL_LIVE_FLUSH_MS.
 */
class LiveDirectWriteTest {

    private static final int FLUSH_MS = 600;
    private static final Duration WAIT = Duration.ofSeconds(5);

    private static TestStack stack;
    private static ScriptWrites writes;
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        stack = TestStack.get();
        writes = new ScriptWrites(stack.commands(), stack.context().getBean(RedisKeys.class));
        server = stack.startAnotherInstance(Map.of("gavel.live.flush-ms", FLUSH_MS));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void shouldSendThePlainStreamToAClientThatAcceptsGzip() throws Exception {
        String item = LiveItemStreamTest.newItem(stack, null);
        try (SseReader sse = SseReader.open(server.getPort(), "/items/" + item + "/live",
                Map.of("Accept-Encoding", "gzip, deflate"))) {
            assertEquals(200, sse.status());
            assertNull(sse.header("Content-Encoding"), "the stream was encoded: " + sse.header("Content-Encoding"));

            writes.bid(item, "john", 1250, 1000, true, 0, "");

            SseReader.Sse bid = sse.nextEvent(WAIT);
            assertNotNull(bid, "no bid event");
            assertEquals("bid", bid.name());
            assertEquals("1", bid.id());
        }
    }

    @Test
    void shouldWriteTheFirstBidAtOnceAndTheNextNoSoonerThanTheFlushInterval() throws Exception {
        // given: a stream that has been sent nothing but its opening comment
        String item = LiveItemStreamTest.newItem(stack, null);
        try (SseReader sse = SseReader.open(server.getPort(), "/items/" + item + "/live", Map.of())) {
            assertNotNull(sse.next(WAIT), "nothing at the start of the stream");

            // when: a bid, and once it arrived, another
            long written = System.nanoTime();
            writes.bid(item, "john", 1000, 1000, true, 0, "");
            SseReader.Sse first = sse.nextEvent(WAIT);
            long firstAt = System.nanoTime();
            writes.bid(item, "mary", 1100, 1100, true, 0, "john");
            SseReader.Sse second = sse.nextEvent(WAIT);
            long secondAt = System.nanoTime();

            // then: the first went at once (the stream was idle), the second waited for the interval
            assertNotNull(first, "no first bid");
            assertNotNull(second, "no second bid");
            assertEquals("1", first.id());
            assertEquals("2", second.id());
            long firstMs = (firstAt - written) / 1_000_000;
            long gapMs = (secondAt - firstAt) / 1_000_000;
            assertTrue(firstMs < FLUSH_MS - 100, "the first bid took " + firstMs + " ms on an idle stream");
            assertTrue(gapMs >= FLUSH_MS - 150, "the second bid followed the first after " + gapMs + " ms");
        }
    }
}
