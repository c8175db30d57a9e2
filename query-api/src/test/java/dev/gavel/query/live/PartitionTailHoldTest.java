package dev.gavel.query.live;

import dev.gavel.testkit.Eventually;
import dev.gavel.query.support.OwnRedisInstance;
import dev.gavel.query.support.RedisMonitor;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An instance reads the partition streams only while someone follows a live stream on it, and for
 * GAVEL_LIVE_TAIL_IDLE_SECONDS after the last one left: nobody listening, nothing read from Redis.
 */
class PartitionTailHoldTest {

    private static final int IDLE_SECONDS = 1;
    /** Long enough for several of the tail's polls (every 10-40 ms while it reads). */
    private static final long WATCHED_MS = 600;

    @Test
    void shouldReadTheStreamsOnlyWhileSomeoneFollowsALiveStream() throws Exception {
        TestStack stack = TestStack.get();
        try (OwnRedisInstance own = OwnRedisInstance.start(stack,
                Map.of("gavel.live.block-ms", 0, "gavel.live.tail-idle-seconds", IDLE_SECONDS))) {
            PartitionTail tail = own.server().getApplicationContext().getBean(PartitionTail.class);
            int port = own.redisServer().port();

            // given: an instance nobody follows live
            // then: it reads no stream
            assertFalse(tail.reading());
            assertEquals(List.of(), streamReads(port), "reads with nobody listening");

            // when: an operator opens the operations stream
            try (SseReader operations = SseReader.open(own.server().getPort(), "/live/operations",
                    Map.of("Authorization", stack.adminAuth()))) {
                assertEquals(200, operations.status(), operations.body());
                // then: every partition is read
                assertTrue(tail.awaitReadingAll(Duration.ofSeconds(10)), "the partitions were not read");
                assertFalse(streamReads(port).isEmpty(), "no reads for the subscriber");
            }

            // when: the subscriber has left, and a hold is taken again within the idle time
            Thread.sleep(IDLE_SECONDS * 1000L / 3);
            try (PartitionTail.Hold again = own.holdTail()) {
                // then: the reading never stopped
                Thread.sleep(IDLE_SECONDS * 1000L + 500);
                assertTrue(tail.reading(), "stopped while held");
                assertFalse(streamReads(port).isEmpty(), "no reads while held");
            }

            // and when: nobody holds it for the idle time
            // then: it stops reading, and Redis sees no more reads of the streams
            Eventually.await(() -> !tail.reading(), Duration.ofSeconds(IDLE_SECONDS + 5));
            Thread.sleep(100);
            assertEquals(List.of(), streamReads(port), "reads after the idle time");
            assertFalse(tail.awaitReading(0, Duration.ofMillis(10)), "a stopped tail said it was reading");
        }
    }

    /** The reads of partition streams Redis ran over {@link #WATCHED_MS}, as MONITOR shows them. */
    private static List<String> streamReads(int port) throws IOException {
        List<String> reads = new ArrayList<>();
        RedisMonitor.watch(port, WATCHED_MS, line -> {
            List<String> arguments = RedisMonitor.arguments(line);
            String command = arguments.isEmpty() ? "" : arguments.get(0).toUpperCase(java.util.Locale.ROOT);
            if ((command.equals("XREAD") || command.equals("XREVRANGE")) && line.contains(":events\"")) {
                reads.add(line);
            }
            return true;
        });
        return reads;
    }
}
