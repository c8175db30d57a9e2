package dev.gavel.processor.derive;

import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.processor.stream.RedisConnection;
import dev.gavel.testkit.RedisServer;
import dev.gavel.testkit.StreamFields;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A user's items, bidstats and statistics counter are derived into the user's partition, whatever the
 * partitions of the items bid on, and each entry reaches them exactly once, also when a processor dies
 * between applying a batch to the user's partition and moving the item partition's mark.
 */
class UserPartitionDeriveTest {

    private static final int PARTITIONS = 8;
    private static final String USER = "alice";
    private static final long T0 = 1_800_000_000_000_000L;

    private final RedisKeys keys = new RedisKeys(new Partitioner(PARTITIONS));
    private final List<RedisConnection> connections = new ArrayList<>();
    private final Map<String, Integer> seqs = new HashMap<>();
    private RedisServer redisServer;
    private RedisClient client;
    private RedisCommands<String, String> redis;

    @BeforeEach
    void start() {
        redisServer = RedisServer.startFresh();
        client = RedisClient.create(redisServer.uri());
        redis = client.connect().sync();
    }

    @AfterEach
    void stop() {
        connections.forEach(RedisConnection::close);
        client.shutdown();
        redisServer.close();
    }

    @Test
    void shouldDeriveAUsersViewsIntoTheUsersPartitionOnly() {
        // given: alice bids on items of several partitions, most of them not hers
        List<String> items = itemsOfPartitions(4);
        for (String item : items) {
            bid(item, USER, 300);
            bid(item, USER, 500);
        }

        // when
        deriveAll(pass(200));

        // then: everything of hers is in her partition, nothing of hers anywhere else
        int own = keys.partitionOf(USER);
        assertEquals(Set.copyOf(items), Set.copyOf(redis.zrange(keys.userItemsOf(USER), 0, -1)));
        for (String item : items) {
            assertEquals("2", redis.hget(keys.userBidStatsOf(USER), item + "|count"), item);
            assertEquals("500", redis.hget(keys.userBidStatsOf(USER), item + "|best"), item);
            assertEquals((double) T0 + seqs.get(item), redis.zscore(keys.itemBidders(item), USER), item);
        }
        assertEquals(Integer.toString(2 * items.size()), redis.hget(keys.statsUserOf(USER), "bids"));
        for (int p = 0; p < PARTITIONS; p++) {
            if (p != own) {
                assertEquals(0, redis.exists(RedisKeys.userItems(p, USER), RedisKeys.userBidStats(p, USER),
                        RedisKeys.statsCounter(p, "user", USER)), "partition " + p);
            }
        }
    }

    @Test
    void shouldApplyNothingTwiceWhenAProcessorDiesBetweenTheUsersPartitionAndTheItems() {
        // given: a processor applied the batches to alice's partition, then died before the items' marks moved
        List<String> items = itemsOfPartitions(3);
        for (String item : items) {
            for (int i = 1; i <= 5; i++) {
                bid(item, USER, 100L * i);
            }
        }
        DerivePass dying = pass(200);
        dying.applyToTargets(dying.read());
        assertEquals(Integer.toString(5 * 3), redis.hget(keys.statsUserOf(USER), "bids"), "the 3 other partitions' bids");
        for (String item : items) {
            assertNull(redis.hget(RedisKeys.derivedMark(keys.partitionOf(item)), "applied"), item);
        }

        // when: the next processor reads the same batches again
        deriveAll(pass(200));

        // then: counted once, and the items' own views are there
        assertEquals(Integer.toString(5 * items.size()), redis.hget(keys.statsUserOf(USER), "bids"));
        for (String item : items) {
            assertEquals("5", redis.hget(keys.userBidStatsOf(USER), item + "|count"), item);
            assertEquals("500", redis.hget(keys.userBidStatsOf(USER), item + "|best"), item);
            assertEquals("5", redis.hget(RedisKeys.statsCounter(keys.partitionOf(item), "item", item), "bids"), item);
        }
    }

    @Test
    void shouldApplyOnlyTheRestWhenAnotherProcessorHadAppliedTheStartOfABatch() {
        // given: a processor with small batches applied the first 4 bids of each item to alice's partition, then died
        List<String> items = itemsOfPartitions(3);
        for (String item : items) {
            for (int i = 1; i <= 10; i++) {
                bid(item, USER, 100L * i);
            }
        }
        DerivePass dying = pass(4);
        dying.applyToTargets(dying.read());
        assertEquals(Integer.toString(4 * 3), redis.hget(keys.statsUserOf(USER), "bids"), "the 3 other partitions' bids");

        // when: one with larger batches reads all 10 of each, whose start alice's partition has already
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        deriveAll(new DerivePass(connection(), keys, 50, Clock.systemUTC(), meters));

        // then: each bid counted once; the rest was merged again from after alice's partition's mark
        assertEquals(Integer.toString(10 * items.size()), redis.hget(keys.statsUserOf(USER), "bids"));
        for (String item : items) {
            assertEquals("10", redis.hget(keys.userBidStatsOf(USER), item + "|count"), item);
            assertEquals("1000", redis.hget(keys.userBidStatsOf(USER), item + "|best"), item);
        }
        assertEquals(3.0, meters.counter("gavel.derived.segments.remerged").count(), "one segment per other partition");
    }

    /** An item id of alice's own partition, then one in each of {@code others} other partitions. */
    private List<String> itemsOfPartitions(int others) {
        Map<Integer, String> firstOfPartition = new TreeMap<>();
        for (int i = 0; firstOfPartition.size() < PARTITIONS; i++) {
            firstOfPartition.putIfAbsent(keys.partitionOf("item-" + i), "item-" + i);
        }
        int own = keys.partitionOf(USER);
        List<String> items = new ArrayList<>(List.of(firstOfPartition.get(own)));
        firstOfPartition.forEach((partition, item) -> {
            if (partition != own && items.size() <= others) {
                items.add(item);
            }
        });
        return items;
    }

    private void deriveAll(DerivePass pass) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (pass.run() || !allMarksAtTheEnd()) {
            assertTrue(System.nanoTime() < deadline, "not every entry was derived");
        }
    }

    private boolean allMarksAtTheEnd() {
        for (int p = 0; p < PARTITIONS; p++) {
            List<StreamMessage<String, String>> last = redis.xrevrange(RedisKeys.events(p), Range.unbounded(),
                    Limit.create(0, 1));
            if (!last.isEmpty() && !last.get(0).getId().equals(redis.hget(RedisKeys.derivedMark(p), "applied"))) {
                return false;
            }
        }
        return true;
    }

    private DerivePass pass(int batch) {
        return new DerivePass(connection(), keys, batch, Clock.systemUTC(), new SimpleMeterRegistry());
    }

    private RedisConnection connection() {
        RedisConnection connection = new RedisConnection(redisServer.uri(), Duration.ofSeconds(2));
        connections.add(connection);
        return connection;
    }

    private void bid(String item, String user, long cents) {
        int seq = seqs.merge(item, 1, Integer::sum);
        redis.xadd(keys.eventsOf(item), StreamFields.of("type", "bid", "v", "2", "event_id", "bid:" + item + ":" + seq,
                "item", item, "user", user, "amount_cents", Long.toString(cents), "seq", Integer.toString(seq),
                "ts_us", Long.toString(T0 + seq), "sdk_version", "", "platform", "", "country", "",
                "session_id", ""));
    }
}
