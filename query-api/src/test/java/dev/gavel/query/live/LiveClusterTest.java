package dev.gavel.query.live;

import dev.gavel.contract.RedisKeys;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The live streams on a Redis Cluster of 3 primaries: every partition read on its shard, bidders asked there. */
class LiveClusterTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static TestStack stack;
    private static RedisKeys keys;
    private static ScriptWrites writes;
    private static int port;

    @BeforeAll
    static void start() {
        stack = TestStack.onCluster();
        keys = stack.context().getBean(RedisKeys.class);
        writes = new ScriptWrites(stack.commands(), keys);
        port = stack.uri("/").getPort();
    }

    @Test
    void shouldDeliverBidsOfItemsOnEveryShard() throws Exception {
        // given: items in at least three partitions (spread over the shards)
        Set<Integer> partitions = new HashSet<>();
        for (int i = 0; i < 6 || partitions.size() < 3; i++) {
            String item = LiveItemStreamTest.newItem(stack, null);
            partitions.add(keys.partitionOf(item));
            try (SseReader sse = SseReader.open(port, "/items/" + item + "/live", Map.of())) {
                // when
                writes.bid(item, "john", 700, 700, true, 0, "");

                // then
                SseReader.Sse bid = sse.nextEvent(WAIT);
                assertNotNull(bid, "no bid from partition " + keys.partitionOf(item));
                assertEquals("1", bid.id());
            }
        }
        assertTrue(partitions.size() >= 3);
    }

    @Test
    void shouldTellAWinnerOnTheCluster() throws Exception {
        String john = stack.newUser("john", "12345");
        String otto = stack.newUser("otto", "54321");
        String item = LiveItemStreamTest.newItem(stack, null);
        writes.bidder(item, otto);
        try (SseReader ottos = SseReader.open(port, "/users/" + otto + "/live", Map.of("Authorization", TestStack.basic(otto, "54321")))) {
            writes.bid(item, john, 900, 900, true, 0, "");
            writes.closed(item, john, 900, "time");

            SseReader.Sse lost = ottos.nextEvent(WAIT);

            assertNotNull(lost, "no lost event");
            assertEquals("lost", lost.name());
        }
    }
}
