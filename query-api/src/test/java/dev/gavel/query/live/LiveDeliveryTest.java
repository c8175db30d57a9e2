package dev.gavel.query.live;

import dev.gavel.contract.RedisKeys;
import dev.gavel.query.support.TestStack;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Heartbeats and the slow-subscriber drop, on an instance with a 1 s heartbeat and a small buffer. */
class LiveDeliveryTest {

    private static final int BUFFER = 32;

    private static TestStack stack;
    private static ScriptWrites writes;
    private static EmbeddedServer server;

    @BeforeAll
    static void start() {
        stack = TestStack.get();
        writes = new ScriptWrites(stack.commands(), stack.context().getBean(RedisKeys.class));
        // A small socket send buffer, so a reader that never reads fills the path to it with few events.
        server = stack.startAnotherInstance(Map.of(
                "gavel.live.heartbeat-seconds", 1,
                "gavel.live.buffer-events", BUFFER,
                "micronaut.server.netty.child-options.SO_SNDBUF", 4096));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    @Test
    void shouldSendAKeepAliveCommentOnAnIdleStream() throws Exception {
        String item = LiveItemStreamTest.newItem(stack, null);
        try (SseReader sse = SseReader.open(server.getPort(), "/items/" + item + "/live", Map.of())) {
            SseReader.Sse opening = sse.next(Duration.ofSeconds(2));
            assertNotNull(opening, "nothing at the start of the stream");
            assertEquals("comment", opening.name());

            long start = System.nanoTime();
            SseReader.Sse idle = sse.next(Duration.ofMillis(2500));

            assertNotNull(idle, "no keep-alive within 2.5 s with a 1 s heartbeat");
            assertEquals(new SseReader.Sse("comment", null, "keepalive"), idle);
            assertTrue(System.nanoTime() - start < 2_500_000_000L);
        }
    }

    @Test
    void shouldDropASubscriberThatNeverReadsWithoutSlowingTheOthers() throws Exception {
        // given: one subscriber that never reads (small receive buffer) and one that does
        String item = LiveItemStreamTest.newItem(stack, null);
        MeterRegistry meters = server.getApplicationContext().getBean(MeterRegistry.class);
        double droppedBefore = meters.get("gavel.live.dropped").counter().count();
        try (Socket stuck = new Socket();
             SseReader reader = SseReader.open(server.getPort(), "/items/" + item + "/live", Map.of())) {
            stuck.setReceiveBufferSize(1024);
            stuck.connect(new InetSocketAddress("127.0.0.1", server.getPort()));
            stuck.getOutputStream().write(("GET /items/" + item + "/live HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            awaitResponseHead(stuck);

            // when: many bids arrive
            int bids = 3000;
            long lastWrittenAt = 0;
            for (int i = 1; i <= bids; i++) {
                writes.bid(item, "u" + (i % 7), 100L + i, 100L + i, true, 0, "");
                lastWrittenAt = System.nanoTime();
            }

            // then: the reader got every one promptly
            long seen = 0;
            while (seen < bids) {
                SseReader.Sse event = reader.nextEvent(Duration.ofSeconds(5));
                assertNotNull(event, "the reading subscriber stalled after " + seen);
                seen = Long.parseLong(event.id());
            }
            long lag = (System.nanoTime() - lastWrittenAt) / 1_000_000;
            assertTrue(lag < 2000, "the last bid reached the reading subscriber " + lag + " ms after it was written");

            // and the one that never read was dropped: counted, and its connection ends
            assertEquals(droppedBefore + 1, meters.get("gavel.live.dropped").counter().count());
            assertTrue(endsAfterReadingAll(stuck), "the dropped subscriber's connection stayed open");
        }
    }

    @Test
    void shouldTimeHowOldAnEventIsWhenItIsWrittenToItsSubscribers() throws Exception {
        // given: a subscriber of a new item
        String item = LiveItemStreamTest.newItem(stack, null);
        MeterRegistry meters = server.getApplicationContext().getBean(MeterRegistry.class);
        long timedBefore = meters.get("gavel.live.delivery.lag").timer().count();
        try (SseReader reader = SseReader.open(server.getPort(), "/items/" + item + "/live", Map.of())) {
            assertNotNull(reader.next(Duration.ofSeconds(2)), "nothing at the start of the stream");

            // when: a bid is appended and reaches the subscriber
            writes.bid(item, "timed", 500L, 500L, true, 0, "");
            assertNotNull(reader.nextEvent(Duration.ofSeconds(5)), "the bid did not arrive");

            // then: its write was timed (just after the write, so maybe a moment after the event arrived), from its
            // append by Redis's clock
            Timer lag = meters.get("gavel.live.delivery.lag").timer();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (lag.count() <= timedBefore && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertTrue(lag.count() > timedBefore, "no delivery was timed");
            assertTrue(lag.max(TimeUnit.MILLISECONDS) < 5000, "lag " + lag.max(TimeUnit.MILLISECONDS) + " ms");
        }
    }

    @Test
    void shouldTakeTheOldestAppendOfABatchFromItsStreamIds() {
        LiveEvent older = event("1700000000123-4");
        LiveEvent newer = event("1700000000456-0");

        assertEquals(1_700_000_000_123L, LiveHub.oldestAppend(List.of(newer, older)));
    }

    private static LiveEvent event(String streamId) {
        return new LiveEvent(0, streamId, "bid", "i", "u", 1, 100, Optional.of(100L), true, false, 0, Optional.empty(),
                "", "", "", "");
    }

    /**
     * Reads the stuck subscriber's response head, then nothing more: its stream has started (the server sends the
     * head with the first keep-alive) before the bids come, whatever the machine's load.
     */
    private static void awaitResponseHead(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (head.indexOf("\r\n\r\n") < 0) {
            int b = in.read();
            assertTrue(b >= 0, "the stuck subscriber's connection ended before its response head: " + head);
            head.append((char) b);
        }
        assertTrue(head.toString().startsWith("HTTP/1.1 200"), head.toString());
    }

    private static boolean endsAfterReadingAll(Socket socket) throws IOException {
        socket.setSoTimeout(5000);
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[65536];
        try {
            while (in.read(buffer) >= 0) {
                // reading what was sent before the drop
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
