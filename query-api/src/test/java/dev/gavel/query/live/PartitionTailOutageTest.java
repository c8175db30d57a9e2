package dev.gavel.query.live;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.support.OwnRedisInstance;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Redis away while subscribers wait: the tail retries quietly (one line per outage) and carries on after. */
class PartitionTailOutageTest {

    /** How long the test watches the tail's retries fail after its warning (they back off up to a second). */
    private static final long RETRIES_OBSERVED_MS = 800;

    @Test
    void shouldLogAnOutageOnceAndDeliverAgainOnceRedisIsBack() throws Exception {
        TestStack stack = TestStack.get();
        Logger tailLog = (Logger) LoggerFactory.getLogger(PartitionTail.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        tailLog.addAppender(lines);
        try (OwnRedisInstance own = OwnRedisInstance.start(stack)) {
            // given: a subscriber of an item on an instance whose Redis then goes away for 3 s
            String item = TestStack.unique("outage");
            Response created = stack.send(HttpRequest.newBuilder(own.uri("/items"))
                    .header("Content-Type", "application/json").header("Authorization", stack.adminAuth())
                    .POST(HttpRequest.BodyPublishers.ofString("{\"id\":\"" + item + "\",\"title\":\"Outage\"}")));
            assertEquals(201, created.status(), created.toString());
            ScriptWrites writes = new ScriptWrites(own.redis(), new RedisKeys(new Partitioner(16)));
            try (SseReader sse = SseReader.open(own.uri("/").getPort(), "/items/" + item + "/live", Map.of())) {
                assertEquals(200, sse.status());
                own.redisServer().kill();
                awaitWarning(lines);

                // when: it is back and a bid arrives
                own.redisServer().start();
                writes.bid(item, "john", 100, 100, true, 0, "");

                // then
                SseReader.Sse bid = sse.nextEvent(Duration.ofSeconds(10));
                assertNotNull(bid, "no bid after Redis came back");
                assertEquals("1", bid.id());
            }
        } finally {
            tailLog.detachAppender(lines);
        }
        List<String> warnings = lines.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, warnings.size(), warnings.toString());
    }

    /** Until the tail has noticed the outage (its one WARN), and a few of its retries have failed after it. */
    private static void awaitWarning(ListAppender<ILoggingEvent> lines) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (lines.list.stream().noneMatch(e -> e.getLevel() == Level.WARN)) {
            assertTrue(System.nanoTime() < deadline, "the tail never noticed that Redis went away");
            Thread.sleep(20);
        }
        // Retries back off up to a second: this covers several, each of which must stay quiet.
        Thread.sleep(RETRIES_OBSERVED_MS);
    }
}
