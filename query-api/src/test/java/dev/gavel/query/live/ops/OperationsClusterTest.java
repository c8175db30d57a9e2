package dev.gavel.query.live.ops;

import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.StreamEntry;
import dev.gavel.query.live.PartitionTail;
import dev.gavel.query.support.TestStack;
import dev.gavel.testkit.StreamFields;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /live/operations on a 3-primary Redis Cluster: the lag is measured on every shard, the bids counted from all. */
class OperationsClusterTest {

    private final TestStack stack = TestStack.onCluster();

    @Test
    void shouldMeasureTheArchiveLagAndCountBidsOnARedisCluster() {
        // given
        String item = TestStack.unique("cluster-hot");
        int partition = new Partitioner(16).partition(item);

        try (SseConnection operations = SseConnection.open(stack.uri("/live/operations"), stack.adminAuth())) {
            // then: the processor of this stack archives as it goes, so the lag is known and small
            Map<String, Object> first = stack.parse(operations.next(Duration.ofSeconds(2)).data());
            assertTrue(first.get("archive_lag_seconds") instanceof Number lag && lag.doubleValue() < 60,
                    "lag: " + first.get("archive_lag_seconds"));
            // and the streams are read for the subscriber
            assertTrue(stack.context().getBean(PartitionTail.class).awaitReading(partition, Duration.ofSeconds(10)));

            // when: three bids on one item
            for (int seq = 1; seq <= 3; seq++) {
                stack.commands().xadd(RedisKeys.events(partition), StreamFields.of("type", "bid",
                        "event_id", StreamEntry.bidEventId(item, seq), "item", item, "user", "u" + seq,
                        "amount_cents", String.valueOf(seq * 100), "seq", String.valueOf(seq),
                        "ts_us", String.valueOf(System.currentTimeMillis() * 1000), "v", "2"));
            }

            // then
            for (int i = 0; i < 5; i++) {
                Map<String, Object> snapshot = stack.parse(operations.next(Duration.ofMillis(2500)).data());
                if (((List<?>) snapshot.get("hot_items")).contains(Map.of("item", item, "bids_per_second", 0.3))) {
                    return;
                }
            }
            throw new AssertionError(item + " never among the hot items");
        }
    }
}
