package dev.gavel.query.cluster;

import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.lettuce.LuaScript;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import dev.gavel.testkit.RedisServer;
import dev.gavel.testkit.StreamFields;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.gavel.testkit.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * query-api and the processor on a 3-primary Redis Cluster ({@code GAVEL_REDIS_URL=redis-cluster://...}) answer
 * as on one Redis: an item's live state and bids from the primary that holds it, an SDK's statistics summed over
 * partitions on every primary, a user's items (derived from the streams of every primary) from the primary that
 * holds the user's partition, health from every primary, and scripts a flushed primary lost.
 */
class ClusterApiTest {

    private static final long T0 = 1_795_000_000_000_000L;
    /**
     * Partitions whose slots (0, 8192, 12288) fall on each of the three primaries that redis-cli's even split
     * gives (0-5460, 5461-10922, 10923-16383).
     */
    private static final int[] ONE_PER_PRIMARY = {0, 1, 3};

    private final TestStack stack = TestStack.onCluster();
    private final RedisClusterCommands<String, String> redis = stack.commands();
    private final RedisKeys keys = new RedisKeys(new Partitioner(16));

    @Test
    void shouldReportRedisUpWhenEveryPrimaryIsOk() {
        Response response = stack.get("/health");

        assertEquals(200, response.status(), response.toString());
        assertEquals("{\"status\":\"up\",\"redis\":\"up\",\"mongodb\":\"up\"}", response.body());
    }

    @Test
    void shouldShowEachItemsLiveStateAndBidsFromThePrimaryHoldingIt() {
        for (int partition : ONE_PER_PRIMARY) {
            // given: an item created through the API (its mirror script), then two bids as bid.lua records them
            String id = create(idIn(partition, "live"));
            redis.rpush(keys.itemBids(id), "1|john|1000|" + T0, "2|otto|1500|" + (T0 + 1));
            redis.hset(keys.item(id), Map.of("seq", "2", "lead_user", "otto", "lead_amount_cents", "1500",
                    "lead_seq", "2", "lead_ts_us", Long.toString(T0 + 1), "price_cents", "1100", "min_bid_cents", "1200"));

            // when
            Map<String, Object> item = stack.get("/items/" + id).json();
            Response bids = stack.get("/items/" + id + "/bids");

            // then
            assertEquals(11, ((Number) item.get("price")).intValue(), item.toString());
            assertEquals(12, ((Number) item.get("minimum_bid")).intValue(), item.toString());
            assertEquals("open", item.get("status"));
            assertEquals("{\"item\":\"" + id + "\",\"bids\":["
                    + "{\"seq\":1,\"user\":\"john\",\"amount\":10,\"ts\":\"2026-11-18T11:06:40.000000Z\",\"auto\":false},"
                    + "{\"seq\":2,\"user\":\"otto\",\"amount\":15,\"ts\":\"2026-11-18T11:06:40.000001Z\",\"auto\":false}"
                    + "],\"next\":null}", bids.body());
        }
    }

    @Test
    void shouldSumStatisticsOverPartitionsOnEveryPrimary() {
        // given
        String sdk = TestStack.unique("sdk");
        for (int partition : ONE_PER_PRIMARY) {
            redis.hincrby(RedisKeys.statsCounter(partition, "sdk", RedisKeys.encode(sdk)), "impressions", 10);
            redis.hincrby(RedisKeys.statsCounter(partition, "sdk", RedisKeys.encode(sdk)), "bids", 5);
        }

        // when
        Response response = stack.get("/statistics?sdk=" + sdk);

        // then
        assertEquals(200, response.status(), response.toString());
        assertEquals("{\"sdk\":\"" + sdk + "\",\"impressions\":30,\"bids\":15,\"conversion\":0.5}", response.body());
    }

    @Test
    void shouldListTheItemsAUserBidOnAsTheProcessorDerivedThemOnEveryPrimary() {
        // given: a registered user's bids on items held by each primary, as stream entries of their partitions
        String user = stack.newUser("cl", "12345");
        List<String> items = new ArrayList<>();
        long ts = MicroTime.nowMicros();
        for (int partition : ONE_PER_PRIMARY) {
            String item = idIn(partition, "bid");
            items.add(item);
            redis.xadd(keys.eventsOf(item), StreamFields.of("type", "bid", "v", "2", "event_id", "bid:" + item + ":1",
                    "item", item, "user", user, "amount_cents", "700", "seq", "1", "ts_us", Long.toString(ts++),
                    "sdk_version", "", "platform", "", "country", "", "session_id", ""));
        }

        // when
        await(() -> stack.get("/users/" + user + "/bids").list("items").size() == items.size());

        // then: most recent first, one row per item
        List<Object> listed = stack.get("/users/" + user + "/bids").list("items").stream().map(row -> row.get("item"))
                .toList();
        assertEquals(List.of(items.get(2), items.get(1), items.get(0)), listed);
        assertEquals("{\"username\":\"" + user + "\",\"impressions\":0,\"bids\":3,\"conversion\":0.0}",
                stack.get("/statistics?username=" + user).body());
    }

    @Test
    void shouldRunItsScriptsAgainOnAPrimaryThatFlushedThem() {
        // given: an item's patch script has run, then every node forgets its scripts
        String id = create(idIn(ONE_PER_PRIMARY[1], "flush"));
        String patch = LuaScript.fromResource("lua/item_patch.lua").sha();
        assertEquals(200, patchTitle(id, "before").status());
        assertTrue(nodesHolding(patch) > 0);
        redis.scriptFlush();
        assertEquals(0, nodesHolding(patch));

        // when
        Response response = patchTitle(id, "after");

        // then
        assertEquals(200, response.status(), response.toString());
        assertEquals("after", redis.hget(keys.item(id), "title"));
        assertEquals(1, nodesHolding(patch), "loaded again on the primary that answered NOSCRIPT");
        assertFalse(stack.newUser("flushed", "12345").isEmpty());
    }

    private Response patchTitle(String id, String title) {
        return stack.send("PATCH", "/items/" + id, "{\"title\":\"" + title + "\"}", stack.adminAuth());
    }

    /** How many of the cluster's nodes hold the script, asked of each node directly. */
    private int nodesHolding(String sha) {
        int holding = 0;
        for (RedisServer node : stack.cluster().nodes()) {
            RedisClient client = RedisClient.create(node.uri());
            try (StatefulRedisConnection<String, String> connection = client.connect()) {
                holding += Boolean.TRUE.equals(connection.sync().scriptExists(sha).get(0)) ? 1 : 0;
            } finally {
                client.shutdown();
            }
        }
        return holding;
    }

    private String idIn(int partition, String prefix) {
        while (true) {
            String id = TestStack.unique(prefix);
            if (keys.partitionOf(id) == partition) {
                return id;
            }
        }
    }

    private String create(String id) {
        String body = "{\"id\":\"" + id + "\",\"title\":\"t\",\"closes_at\":\"" + MicroTime.format(MicroTime.nowMicros()
                + 3_600_000_000L) + "\"}";
        Response response = stack.send("POST", "/items", body, stack.adminAuth());
        assertEquals(201, response.status(), response.toString());
        return id;
    }
}
