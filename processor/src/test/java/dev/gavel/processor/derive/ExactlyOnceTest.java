package dev.gavel.processor.derive;

import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.processor.stream.RedisConnection;
import dev.gavel.testkit.RedisServer;
import dev.gavel.testkit.StreamFields;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each entry's views are applied once whatever runs them: a batch replayed from a mark that has moved is
 * refused, and passes of several processors racing over the same streams count every bid exactly once.
 */
class ExactlyOnceTest {

    private static final int PARTITIONS = 4;

    private final RedisKeys keys = new RedisKeys(new Partitioner(PARTITIONS));
    private RedisServer redisServer;
    private RedisClient client;
    private RedisCommands<String, String> redis;
    private final List<RedisConnection> connections = new ArrayList<>();

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
    void shouldRefuseABatchReadBeforeTheMarkMoved() {
        // given: a batch applied once
        String first = bid("item-1", 1, 100);
        DeriveScript script = DeriveScript.source(connection());
        ViewUpdates updates = new ViewUpdates();
        updates.increment(RedisKeys.statsTotal(keys.partitionOf("item-1")), "bids", 1);
        ScriptKeys scriptKeys = new ScriptKeys(RedisKeys.derivedMark(keys.partitionOf("item-1")));
        String[] args = argsOf("", first, updates.operations(scriptKeys));
        String[] keyArgs = scriptKeys.toArray();
        assertEquals("ok", script.outcome(script.send(keyArgs, args), keyArgs, args));

        // when: the same batch again, as a processor killed after the script ran would send it
        String again = script.outcome(script.send(keyArgs, args), keyArgs, args);

        // then
        assertEquals("moved", again);
        assertEquals("1", redis.hget(RedisKeys.statsTotal(keys.partitionOf("item-1")), "bids"));
    }

    @Test
    void shouldCountEveryBidOnceWhileThreeProcessorsRaceOverTheSameStreams() throws Exception {
        // given
        List<String> items = List.of("a", "b", "c", "item-1", "999");
        int perItem = 300;
        for (int seq = 1; seq <= perItem; seq++) {
            for (String item : items) {
                bid(item, seq, seq);
            }
        }
        List<DerivePass> passes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            passes.add(new DerivePass(connection(), keys, 37, Clock.systemUTC(), new SimpleMeterRegistry()));
        }

        // when
        ExecutorService pool = Executors.newFixedThreadPool(passes.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (DerivePass pass : passes) {
                done.add(pool.submit(() -> {
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (!allDerived(items, perItem) && System.nanoTime() < deadline) {
                        pass.run();
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        // then
        assertTrue(allDerived(items, perItem), "not every entry was derived");
        for (String item : items) {
            int p = keys.partitionOf(item);
            assertEquals(Integer.toString(perItem), redis.hget(RedisKeys.statsCounter(p, "item", item), "bids"), item);
            assertEquals(Integer.toString(perItem), redis.hget(keys.userBidStatsOf("john"), item + "|count"), item);
            assertEquals(Integer.toString(perItem), redis.hget(keys.userBidStatsOf("john"), item + "|best"), item);
        }
        long total = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            String bids = redis.hget(RedisKeys.statsTotal(p), "bids");
            total += bids == null ? 0 : Long.parseLong(bids);
        }
        assertEquals((long) items.size() * perItem, total);
        assertEquals(Long.toString((long) items.size() * perItem), redis.hget(keys.statsUserOf("john"), "bids"));
    }

    private boolean allDerived(List<String> items, int perItem) {
        for (String item : items) {
            String count = redis.hget(RedisKeys.statsCounter(keys.partitionOf(item), "item", item), "bids");
            if (count == null || Integer.parseInt(count) < perItem) {
                return false;
            }
        }
        return true;
    }

    private RedisConnection connection() {
        RedisConnection connection = new RedisConnection(redisServer.uri(), Duration.ofSeconds(2));
        connections.add(connection);
        return connection;
    }

    private String bid(String item, int seq, long cents) {
        return redis.xadd(keys.eventsOf(item), StreamFields.of("type", "bid", "v", "2", "event_id", "bid:" + item + ":" + seq,
                "item", item, "user", "john", "amount_cents", Long.toString(cents), "seq", Integer.toString(seq),
                "ts_us", Long.toString(1_800_000_000_000_000L + seq), "sdk_version", "", "platform", "", "country", "",
                "session_id", ""));
    }

    private static String[] argsOf(String from, String last, List<String> operations) {
        List<String> all = new ArrayList<>(List.of(from, last));
        all.addAll(operations);
        return all.toArray(String[]::new);
    }
}
