package dev.gavel.query.bid;

import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.support.OwnRedisInstance;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import dev.gavel.testkit.StreamFields;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static dev.gavel.testkit.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What belongs to one user (their items, their standing on each, their statistics) is read from the
 * user's own partition: the processor derives it there from the streams of every item's partition, and
 * the readers read nothing of the user's anywhere else.
 */
class UserPartitionReadTest {

    private static final long T0 = 1_796_000_000_000_000L;

    private final TestStack stack = TestStack.get();
    private final RedisCommands<String, String> redis = stack.redis();
    private final RedisKeys keys = new RedisKeys(new Partitioner(16));

    @Test
    void shouldAnswerForAUserWhoBidOnItemsOfSeveralPartitionsFromTheUsersPartition() {
        // given: the user's bids on three items, none in the user's partition, as the bid script appends them
        String user = stack.newUser("spread", "12345");
        List<String> items = itemsOutsidePartitionOf(user, 3);
        for (int i = 0; i < items.size(); i++) {
            bid(items.get(i), user, 500 + i, T0 + 10L * i);
            bid(items.get(i), "rival", 800, T0 + 10L * i + 1);
            bid(items.get(i), user, 900 + i, T0 + 10L * i + 2);
        }

        // when: the processor has derived them
        await(() -> "6".equals(redis.hget(keys.statsUserOf(user), "bids")));

        // then: the user's keys are in the user's partition, and nowhere else
        int own = keys.partitionOf(user);
        for (int p = 0; p < keys.partitions(); p++) {
            if (p != own) {
                assertEquals(0, redis.exists(RedisKeys.userItems(p, user), RedisKeys.userBidStats(p, user),
                        RedisKeys.statsCounter(p, "user", user)), "partition " + p);
            }
        }
        // and the answers are what they always were
        Response bids = stack.get("/users/" + user + "/bids");
        assertEquals(200, bids.status(), bids.toString());
        List<Map<String, Object>> rows = bids.list("items");
        assertEquals(List.of(items.get(2), items.get(1), items.get(0)),
                rows.stream().map(row -> row.get("item")).toList());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(2, ((Number) rows.get(i).get("bid_count")).intValue());
            assertEquals(9.02 - 0.01 * i, ((Number) rows.get(i).get("best_amount")).doubleValue(), 1e-9);
            assertEquals(true, rows.get(i).get("leading"));
        }
        assertEquals(Map.of("username", user, "impressions", 0, "bids", 6, "conversion", 0.0),
                stack.get("/statistics?username=" + user).json());
        Response recent = stack.get("/users/" + user + "/recent-items");
        assertEquals(200, recent.status(), recent.toString());
        assertEquals(Set.copyOf(items), Set.copyOf(array(recent.body()).stream().map(row -> row.get("id")).toList()));
    }

    @Test
    void shouldReadAUsersItemsAndStatisticsWithOneCommandEachWhateverThePartitionCount() {
        try (OwnRedisInstance instance = OwnRedisInstance.start(stack)) {
            // given: a user's views as the processor derives them, for items of three partitions
            RedisCommands<String, String> own = instance.redis();
            String user = TestStack.unique("one");
            own.hset(RedisKeys.user(user), "id", user);
            List<String> items = itemsOutsidePartitionOf(user, 3);
            for (int i = 0; i < items.size(); i++) {
                String item = items.get(i);
                own.hset(keys.item(item), Map.of("title", "t", "created_at_us", "1", "lead_user", user,
                        "lead_amount_cents", "100"));
                own.zadd(keys.userItemsOf(user), T0 + i, item);
                own.hset(keys.userBidStatsOf(user), Map.of(item + "|count", "1", item + "|best", "100"));
                own.zadd(keys.itemBidders(item), T0 + i, user);
            }
            own.hset(keys.statsUserOf(user), "bids", "3");

            // when, then: each read of the user's index or counter is one command, not one per partition
            own.configResetstat();
            assertEquals(200, instance.get("/users/" + user + "/bids", null).status());
            assertEquals(1, calls(own, "zrevrange"), "ZREVRANGE of the user's items");
            own.configResetstat();
            assertEquals(200, instance.get("/statistics?username=" + user, null).status());
            assertEquals(1, calls(own, "hmget"), "HMGET of the user's counter");
            own.configResetstat();
            assertEquals(200, instance.get("/users/" + user + "/recent-items", null).status());
            assertEquals(1 + items.size(), calls(own, "zrevrange"),
                    "ZREVRANGE of the user's items, then of each item's bidders");
        }
    }

    private List<Map<String, Object>> array(String body) {
        try {
            return stack.context().getBean(JsonMapper.class)
                    .readValue(body, Argument.listOf(Argument.mapOf(String.class, Object.class)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** How often Redis ran a command since the last CONFIG RESETSTAT. */
    private static long calls(RedisCommands<String, String> redis, String command) {
        Map<String, String> stats = redis.info("commandstats").lines()
                .filter(line -> line.startsWith("cmdstat_"))
                .collect(Collectors.toMap(line -> line.substring("cmdstat_".length(), line.indexOf(':')),
                        line -> line.substring(line.indexOf(':') + 1)));
        String line = stats.get(command);
        if (line == null) {
            return 0;
        }
        String calls = line.split(",")[0];
        return Long.parseLong(calls.substring(calls.indexOf('=') + 1));
    }

    /** Fresh item ids, each in a partition of its own, none in the user's. */
    private List<String> itemsOutsidePartitionOf(String user, int count) {
        List<String> items = new ArrayList<>();
        List<Integer> taken = new ArrayList<>(List.of(keys.partitionOf(user)));
        while (items.size() < count) {
            String item = TestStack.unique("up");
            if (!taken.contains(keys.partitionOf(item))) {
                taken.add(keys.partitionOf(item));
                items.add(item);
            }
        }
        return items;
    }

    /** What bid.lua does for one accepted bid: the item's state and its bids list, and the format-2 stream entry. */
    private void bid(String item, String user, long cents, long tsUs) {
        redis.hsetnx(keys.item(item), "title", "t");
        redis.hsetnx(keys.item(item), "created_at_us", Long.toString(T0 - 1_000_000));
        long seq = redis.hincrby(keys.item(item), "seq", 1);
        redis.rpush(keys.itemBids(item), seq + "|" + user + "|" + cents + "|" + tsUs);
        String lead = redis.hget(keys.item(item), "lead_amount_cents");
        if (lead == null || cents > Long.parseLong(lead)) {
            redis.hset(keys.item(item), Map.of("lead_user", user, "lead_amount_cents", Long.toString(cents),
                    "lead_seq", Long.toString(seq), "lead_ts_us", Long.toString(tsUs)));
        }
        redis.xadd(keys.eventsOf(item), StreamFields.of("type", "bid", "v", "2", "event_id", "bid:" + item + ":" + seq,
                "item", item, "user", user, "amount_cents", Long.toString(cents), "seq", Long.toString(seq),
                "ts_us", Long.toString(tsUs), "sdk_version", "", "platform", "", "country", "", "session_id", ""));
    }
}
