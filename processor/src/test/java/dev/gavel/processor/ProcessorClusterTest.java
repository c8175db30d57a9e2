package dev.gavel.processor;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.gavel.contract.HashSlots;
import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.embeddedmongo.EmbeddedMongo;
import dev.gavel.lettuce.LuaScript;
import dev.gavel.processor.stream.StreamIds;
import dev.gavel.testkit.FreePort;
import dev.gavel.testkit.RedisCluster;
import dev.gavel.testkit.StreamFields;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.gavel.testkit.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A processor on a real 3-primary Redis Cluster ({@code GAVEL_REDIS_URL=redis-cluster://...}): it archives,
 * derives and closes in every partition, whichever primary holds it, and keeps working after every primary
 * forgot its scripts.
 */
class ProcessorClusterTest {

    private static final int PARTITIONS = 16;
    private static final RedisCluster CLUSTER = RedisCluster.start(3, 0);
    private static final EmbeddedMongo MONGO = EmbeddedMongo.start(FreePort.next(), null);
    private static final MongoClient MONGO_CLIENT = MongoClients.create(MONGO.connectionString("gavel"));
    private static final RedisClusterClient REDIS_CLIENT = RedisClusterClient.create(CLUSTER.nodes().get(0).uri());
    private static final StatefulRedisClusterConnection<String, String> CONNECTION = REDIS_CLIENT.connect();
    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();
    private static final Processor PROCESSOR = Processor.start(ProcessorConfig.fromEnvironment(Map.of(
            "GAVEL_REDIS_URL", CLUSTER.uri(),
            "MONGODB_URI", MONGO.connectionString("gavel"),
            "GAVEL_PARTITIONS", Integer.toString(PARTITIONS),
            "GAVEL_PROCESSOR_BATCH", "20",
            "GAVEL_PROCESSOR_POLL_MS", "5",
            "GAVEL_PROCESSOR_CLAIM_IDLE_MS", "300",
            "GAVEL_PROCESSOR_CONSUMER", "cluster-test",
            "GAVEL_PROCESSOR_PORT", "0",
            "GAVEL_STREAM_KEEP_SECONDS", "0")), METERS);

    private final RedisAdvancedClusterCommands<String, String> redis = CONNECTION.sync();
    private final RedisKeys keys = new RedisKeys(new Partitioner(PARTITIONS));

    @AfterAll
    static void stop() {
        PROCESSOR.close();
        CONNECTION.close();
        REDIS_CLIENT.shutdown();
        MONGO_CLIENT.close();
        MONGO.close();
        CLUSTER.close();
    }

    @Test
    void shouldArchiveEveryEntryOnceAndDeriveItsViewsInEveryPartitionOfEveryPrimary() {
        // given: an item in each partition, so each of the three primaries holds some of them
        List<String> items = onePerPartition("arch");
        assertEquals(3, primariesOf(items).size(), "the items' partitions are on every primary");
        long ts = MicroTime.nowMicros();

        // when
        Map<Integer, String> lastIds = new LinkedHashMap<>();
        for (String item : items) {
            bid(item, 1, "john", 500, ts);
            lastIds.put(keys.partitionOf(item), bid(item, 2, "otto", 700, ts + 1));
        }

        // then: each event archived once, each item document counted once, each partition's mark past its entries
        await(() -> items.stream().allMatch(item -> bidCount(item) == 2 && events(item).size() == 2));
        for (String item : items) {
            assertEquals(List.of("bid:" + item + ":1", "bid:" + item + ":2"),
                    events(item).stream().map(event -> event.getString("_id")).toList());
        }
        await(() -> lastIds.entrySet().stream()
                .allMatch(mark -> mark.getValue().equals(redis.hget(RedisKeys.derivedMark(mark.getKey()), "applied"))));
        for (String item : items) {
            assertEquals("2", redis.hget(RedisKeys.statsCounter(keys.partitionOf(item), "item", item), "bids"));
            assertEquals((double) (ts + 1), redis.zscore(keys.itemBidders(item), "otto"));
        }
        // otto's own views, from the streams of every primary, in otto's partition on one of them
        assertEquals(Integer.toString(items.size()), redis.hget(keys.statsUserOf("otto"), "bids"));
        assertEquals(items.size(), redis.zcard(keys.userItemsOf("otto")));
        await(() -> items.stream().allMatch(item -> redis.xlen(keys.eventsOf(item)) == 0));
        assertTrue(PROCESSOR.unreachableStores().isEmpty(), PROCESSOR.unreachableStores().toString());
    }

    @Test
    void shouldCloseDueItemsInEveryPartition() {
        // given
        List<String> items = onePerPartition("close");
        long closesAt = MicroTime.nowMicros() + 300_000;

        // when
        for (String item : items) {
            redis.hset(keys.item(item), Map.of("title", item, "created_at_us", "1", "closes_at_us", Long.toString(closesAt),
                    "lead_user", "otto", "lead_amount_cents", "900", "price_cents", "900", "seq", "1"));
            redis.zadd(RedisKeys.closing(keys.partitionOf(item)), closesAt, item);
        }

        // then
        await(() -> items.stream().allMatch(item -> archived("item_closed:" + item) != null));
        for (String item : items) {
            Document closed = archived("item_closed:" + item);
            assertEquals("otto", closed.getString("winner"));
            assertEquals(redis.hget(keys.item(item), "closed_event"), closed.getString("stream_id"));
        }
    }

    @Test
    void shouldLoadItsScriptsAgainOnEveryPrimaryThatLostThem() {
        // given: the derive pass has run its script, then every node forgets every script
        String warmUp = onePerPartition("warm").get(0);
        String warmLast = bid(warmUp, 1, "john", 100, MicroTime.nowMicros());
        await(() -> warmLast.equals(redis.hget(RedisKeys.derivedMark(keys.partitionOf(warmUp)), "applied")));
        redis.scriptFlush();
        List<String> items = onePerPartition("noscript");

        // when
        long ts = MicroTime.nowMicros();
        Map<Integer, String> lastIds = new LinkedHashMap<>();
        for (String item : items) {
            lastIds.put(keys.partitionOf(item), bid(item, 1, "john", 300, ts));
            redis.hset(keys.item(item), Map.of("title", item, "created_at_us", "1", "closes_at_us", Long.toString(ts)));
            redis.zadd(RedisKeys.closing(keys.partitionOf(item)), ts, item);
        }

        // then: derived and closed in every partition, and each primary holds the scripts again
        await(() -> lastIds.entrySet().stream().allMatch(mark -> derivedPast(mark.getKey(), mark.getValue())));
        await(() -> items.stream().allMatch(item -> archived("item_closed:" + item) != null));
        for (String item : items) {
            assertEquals("1", redis.hget(RedisKeys.statsCounter(keys.partitionOf(item), "item", item), "bids"));
        }
        String derive = LuaScript.fromResources("/lua/derive-operations.lua", "/lua/derive.lua").sha();
        String close = LuaScript.fromResource("/lua/close.lua").sha();
        for (RedisClusterNode primary : primaries()) {
            List<Boolean> loaded = CONNECTION.getConnection(primary.getNodeId()).sync().scriptExists(derive, close);
            assertEquals(List.of(true, true), loaded, "scripts on " + primary.getUri());
        }
    }

    /** Whether the partition's derive mark is at or past the stream id (the close pass appends entries too). */
    private boolean derivedPast(int partition, String id) {
        String mark = redis.hget(RedisKeys.derivedMark(partition), "applied");
        return mark != null && StreamIds.compare(mark, id) >= 0;
    }

    /** One new item id in each partition. */
    private List<String> onePerPartition(String prefix) {
        String[] items = new String[PARTITIONS];
        int found = 0;
        while (found < PARTITIONS) {
            String item = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
            int p = keys.partitionOf(item);
            if (items[p] == null) {
                items[p] = item;
                MONGO_CLIENT.getDatabase("gavel").getCollection("items")
                        .insertOne(new Document("_id", item).append("title", prefix).append("created_at_us", 1L));
                found++;
            }
        }
        return List.of(items);
    }

    private Set<String> primariesOf(List<String> items) {
        Set<String> owners = new HashSet<>();
        for (String item : items) {
            int slot = HashSlots.slot(keys.eventsOf(item));
            owners.add(CONNECTION.getPartitions().getPartitionBySlot(slot).getNodeId());
        }
        return owners;
    }

    private List<RedisClusterNode> primaries() {
        List<RedisClusterNode> primaries = new ArrayList<>();
        for (RedisClusterNode node : CONNECTION.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                primaries.add(node);
            }
        }
        assertEquals(3, primaries.size());
        return primaries;
    }

    private String bid(String item, int seq, String user, long cents, long ts) {
        return redis.xadd(keys.eventsOf(item), StreamFields.of("type", "bid", "v", "2", "event_id", "bid:" + item + ":" + seq,
                "item", item, "user", user, "amount_cents", Long.toString(cents), "seq", Integer.toString(seq),
                "ts_us", Long.toString(ts), "sdk_version", "", "platform", "", "country", "", "session_id", ""));
    }

    private MongoDatabase mongo() {
        return MONGO_CLIENT.getDatabase("gavel");
    }

    private List<Document> events(String item) {
        return mongo().getCollection("events").find(new Document("item", item).append("type", "bid"))
                .sort(new Document("seq", 1)).into(new ArrayList<>());
    }

    private Document archived(String eventId) {
        return mongo().getCollection("events").find(new Document("_id", eventId)).first();
    }

    private long bidCount(String item) {
        Document doc = mongo().getCollection("items").find(new Document("_id", item)).first();
        Number count = doc == null ? null : doc.get("bid_count", Number.class);
        return count == null ? 0 : count.longValue();
    }
}
