package dev.gavel.query.live;

import dev.gavel.contract.RedisKeys;
import dev.gavel.query.support.TestStack;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LiveResumeTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static TestStack stack;
    private static RedisKeys keys;
    private static ScriptWrites writes;

    @BeforeAll
    static void start() {
        stack = TestStack.get();
        keys = stack.context().getBean(RedisKeys.class);
        writes = new ScriptWrites(stack.commands(), keys);
    }

    @Test
    void shouldMissAndRepeatNoBidAcrossAReconnectToARestartedInstanceWhileBidsKeepArriving() throws Exception {
        // given: a subscriber on one query-api while bids arrive without pause
        String item = LiveItemStreamTest.newItem(stack, null);
        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicLong written = new AtomicLong();
        Thread writer = new Thread(() -> {
            while (writing.get()) {
                written.set(writes.bid(item, "u" + (written.get() % 3), 100 + written.get(), 100 + written.get(), true, 0, ""));
                sleep(3);
            }
        }, "bids");
        List<Long> seqs = new ArrayList<>();
        EmbeddedServer first = stack.startAnotherInstance(Map.of());
        String lastId;
        try (SseReader sse = SseReader.open(first.getPort(), "/items/" + item + "/live", Map.of())) {
            writer.start();
            lastId = collect(sse, seqs, 40);
        } finally {
            first.stop();
        }

        // when: it reconnects with Last-Event-ID to a query-api started after the first stopped
        EmbeddedServer second = stack.startAnotherInstance(Map.of());
        try (SseReader sse = SseReader.open(second.getPort(), "/items/" + item + "/live", Map.of("Last-Event-ID", lastId))) {
            assertEquals(200, sse.status());
            collect(sse, seqs, written.get() + 60);
            writing.set(false);
            writer.join();
            collect(sse, seqs, written.get());
            assertNull(sse.nextEvent(Duration.ofMillis(300)), "an event after the last bid");
        } finally {
            writing.set(false);
            second.stop();
        }

        // then: every bid from the first one received, exactly once, in order
        assertTrue(seqs.size() > 100, "too few bids to prove anything: " + seqs.size());
        long first0 = seqs.get(0);
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(first0 + i, seqs.get(i), "bids received: " + seqs);
        }
        assertEquals(written.get(), seqs.get(seqs.size() - 1));
    }

    @Test
    void shouldReplayOldAndNewListEntriesThenTellThatTheItemClosedMeanwhile() throws Exception {
        // given: an item that closed while the subscriber was away, with a bid list of both entry shapes
        Instant closesAt = Instant.now().plusMillis(800);
        String item = LiveItemStreamTest.newItem(stack, closesAt.toString());
        stack.commands().rpush(keys.itemBids(item), "1|john|1000|1800000000000001", "2|otto|1500|1800000000000002|auto",
                "3|john|2000|1800000000000003||1750|1");
        stack.commands().hset(keys.item(item), "seq", "3");
        while (!Instant.now().isAfter(closesAt)) {
            Thread.sleep(20);
        }

        // when
        try (SseReader sse = SseReader.open(stack.uri("/").getPort(), "/items/" + item + "/live",
                Map.of("Last-Event-ID", "1"))) {
            SseReader.Sse second = sse.nextEvent(WAIT);
            SseReader.Sse third = sse.nextEvent(WAIT);
            SseReader.Sse closed = sse.nextEvent(WAIT);

            // then
            assertEquals("2", second.id());
            Map<String, Object> old = stack.parse(second.data());
            assertEquals(true, old.get("auto"));
            assertNull(old.get("price"));
            assertTrue(old.containsKey("leading") && old.get("leading") == null, second.data());
            assertEquals("3", third.id());
            Map<String, Object> current = stack.parse(third.data());
            assertEquals("17.5", current.get("price").toString());
            assertEquals(true, current.get("leading"));
            assertNotNull(closed, "no closed event after the replay");
            assertEquals("closed", closed.name());
            assertEquals("3", closed.id());
            assertEquals("time", stack.parse(closed.data()).get("reason"));
        }
    }

    /** Reads bid events into {@code seqs} until one with seq {@code upTo} or more; returns the last id. */
    private static String collect(SseReader sse, List<Long> seqs, long upTo) throws InterruptedException {
        String lastId = seqs.isEmpty() ? null : Long.toString(seqs.get(seqs.size() - 1));
        while (seqs.isEmpty() || seqs.get(seqs.size() - 1) < upTo) {
            SseReader.Sse event = sse.nextEvent(WAIT);
            assertNotNull(event, "no bid after " + lastId);
            assertEquals("bid", event.name(), event.toString());
            seqs.add(Long.parseLong(event.id()));
            lastId = event.id();
        }
        return lastId;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
