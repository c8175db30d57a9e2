package dev.gavel.processor.closing;

import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.StreamEntry;
import dev.gavel.processor.stream.RedisConnection;
import dev.gavel.testkit.Eventually;
import dev.gavel.testkit.RedisServer;
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
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The close pass and its script on a real Redis, with a clock the test moves: each item's
 * {@code item_closed} carries the result the item hash says, appears once whatever runs the pass how
 * often (racing processors, a processor stopped dead mid-pass, Redis killed and restarted), and never
 * before the item's current {@code closes_at}.
 */
class ClosePassTest {

    private static final int PARTITIONS = 4;
    private static final long T0 = 1_800_000_000_000_000L;

    private final RedisKeys keys = new RedisKeys(new Partitioner(PARTITIONS));
    private final AtomicLong nowMicros = new AtomicLong(T0);
    private final List<RedisConnection> connections = new ArrayList<>();
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
    void shouldCloseASoldItemWithItsWinnerPriceAndReserveMet() {
        // given
        item("sold-1", T0 - 10, "lead_user", "otto", "lead_amount_cents", "4000", "price_cents", "2550",
                "rule_reserve_cents", "2500", "seq", "3");

        // when
        pass().run();

        // then
        Map<String, String> event = onlyClose("sold-1");
        assertEquals(Map.ofEntries(Map.entry("type", "item_closed"), Map.entry("v", "2"),
                Map.entry("event_id", "item_closed:sold-1"), Map.entry("item", "sold-1"),
                Map.entry("ts_us", Long.toString(T0 - 10)), Map.entry("winner", "otto"), Map.entry("price_cents", "2550"),
                Map.entry("reserve_met", "1"), Map.entry("reason", "time"), Map.entry("result", "sold")), event);
        assertFalse(scheduled("sold-1"), "a closed item stayed in the schedule");
        assertEquals(closeIds("sold-1").get(0), redis.hget(keys.item("sold-1"), "closed_event"));
    }

    @Test
    void shouldCloseAnItemWithoutBidsAsNoSale() {
        // given
        item("empty-1", T0, "rule_start_cents", "500");

        // when
        pass().run();

        // then
        Map<String, String> event = onlyClose("empty-1");
        assertEquals("", event.get("winner"));
        assertEquals("", event.get("price_cents"));
        assertEquals("", event.get("reserve_met"));
        assertEquals("time", event.get("reason"));
        assertEquals("no_sale", event.get("result"));
    }

    @Test
    void shouldCloseAnItemWhoseReserveWasNotMetAsNoSale() {
        // given
        item("reserve-1", T0 - 1, "lead_user", "john", "lead_amount_cents", "900", "price_cents", "900",
                "rule_reserve_cents", "1000");

        // when
        pass().run();

        // then
        Map<String, String> event = onlyClose("reserve-1");
        assertEquals("john", event.get("winner"));
        assertEquals("900", event.get("price_cents"));
        assertEquals("0", event.get("reserve_met"));
        assertEquals("no_sale", event.get("result"));
    }

    @Test
    void shouldCloseABuyNowItemWithReasonBuyNow() {
        // given: the bid script moved closes_at to the buy-now bid's ts
        item("buy-1", T0 - 300, "lead_user", "anna", "lead_amount_cents", "10000", "price_cents", "10000",
                "rule_buy_now_cents", "10000", "closed_reason", "buy_now");

        // when
        pass().run();

        // then
        Map<String, String> event = onlyClose("buy-1");
        assertEquals("buy_now", event.get("reason"));
        assertEquals("sold", event.get("result"));
        assertEquals("anna", event.get("winner"));
        assertEquals("10000", event.get("price_cents"));
        assertEquals(Long.toString(T0 - 300), event.get("ts_us"));
    }

    @Test
    void shouldCloseAVersionOneItemWithTheLeadersAmountAsItsPrice() {
        // given: an item of a stack without rules: no price_cents, no reserve
        item("v1-item", T0 - 5, "seq", "2", "lead_user", "john", "lead_amount_cents", "1250", "lead_seq", "2",
                "lead_ts_us", Long.toString(T0 - 100));

        // when
        pass().run();

        // then
        Map<String, String> event = onlyClose("v1-item");
        assertEquals("john", event.get("winner"));
        assertEquals("1250", event.get("price_cents"));
        assertEquals("", event.get("reserve_met"));
        assertEquals("sold", event.get("result"));
    }

    @Test
    void shouldNotCloseAnItemBeforeItsClosesAtNorBeforeTheGrace() {
        // given
        item("later-1", T0 + 1);
        item("grace-1", T0 - 100);
        ClosePass withGrace = pass(Duration.ofNanos(200_000), ClosePass.Checkpoint.NONE);

        // when
        withGrace.run();

        // then
        assertTrue(closeIds("later-1").isEmpty(), "closed before closes_at");
        assertTrue(scheduled("later-1"));
        assertTrue(closeIds("grace-1").isEmpty(), "closed within the grace");
        nowMicros.addAndGet(100);
        withGrace.run();
        assertEquals(1, closeIds("grace-1").size());
        assertTrue(closeIds("later-1").isEmpty(), "closed before closes_at and the grace");
    }

    @Test
    void shouldWaitForTheNewClosesAtOfAnItemExtendedAfterItWasScheduled() {
        // given: scheduled at T0 - 10, then a soft-close bid moved closes_at to T0 + 120 s, schedule untouched
        item("ext-1", T0 - 10);
        long extended = T0 + 120_000_000L;
        redis.hset(keys.item("ext-1"), "closes_at_us", Long.toString(extended));
        ClosePass pass = pass();

        // when
        pass.run();

        // then: not closed, and back in the schedule at its new time
        assertTrue(closeIds("ext-1").isEmpty(), "an extended item was closed early");
        assertEquals((double) extended, redis.zscore(RedisKeys.closing(keys.partitionOf("ext-1")), "ext-1"));
        nowMicros.set(extended - 1);
        pass.run();
        assertTrue(closeIds("ext-1").isEmpty(), "an extended item was closed early");
        nowMicros.set(extended);
        pass.run();
        assertEquals(Long.toString(extended), onlyClose("ext-1").get("ts_us"));
    }

    @Test
    void shouldDropFromTheScheduleAnItemThatNoLongerClosesOrIsGone() {
        // given
        item("open-1", T0 - 10);
        redis.hdel(keys.item("open-1"), "closes_at_us");
        redis.zadd(RedisKeys.closing(keys.partitionOf("gone-1")), T0 - 10, "gone-1");

        // when
        pass().run();

        // then
        assertTrue(closeIds("open-1").isEmpty());
        assertTrue(closeIds("gone-1").isEmpty());
        assertFalse(scheduled("open-1"));
        assertFalse(scheduled("gone-1"));
        assertFalse(redis.exists(keys.item("gone-1")) > 0, "the script created the hash of an unknown item");
    }

    @Test
    void shouldDropAnItemFromAnotherPartitionsScheduleAndCloseTheRest() {
        // given: a writer's bug put an item in a schedule not its own (its hash is in another slot)
        item("right-1", T0 - 10);
        item("wrong-1", T0 - 10);
        int own = keys.partitionOf("wrong-1");
        int other = (own + 1) % PARTITIONS;
        redis.zrem(RedisKeys.closing(own), "wrong-1");
        redis.zadd(RedisKeys.closing(other), T0 - 10, "wrong-1");

        // when
        pass().run();

        // then
        assertNull(redis.zscore(RedisKeys.closing(other), "wrong-1"), "left in another partition's schedule");
        assertNull(redis.hget(keys.item("wrong-1"), "closed_event"), "closed from another partition's schedule");
        assertEquals(0, redis.xlen(RedisKeys.events(other)) - (keys.partitionOf("right-1") == other ? 1 : 0));
        assertEquals(1, closeIds("right-1").size());
    }

    @Test
    void shouldNeverCloseAnItemTwiceWhenItIsScheduledAgain() {
        // given: closed once, then put back in the schedule (as query-api's re-mirror at its start does)
        item("twice-1", T0 - 10, "lead_user", "otto", "lead_amount_cents", "100");
        ClosePass pass = pass();
        pass.run();
        redis.zadd(RedisKeys.closing(keys.partitionOf("twice-1")), T0 - 10, "twice-1");

        // when
        pass.run();
        pass().run();

        // then
        assertEquals(1, closeIds("twice-1").size());
        assertFalse(scheduled("twice-1"));
    }

    @Test
    void shouldCloseEachItemOnceWhenAProcessorStopsDeadMidPassAndAnotherTakesOver() {
        // given: six due items; the first processor has sent two closes when it stops dead (its pipelined
        // scripts run in Redis; it never sees their replies)
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            items.add("kill-" + i);
            item("kill-" + i, T0 - i, "lead_user", "john", "lead_amount_cents", Integer.toString(100 + i));
        }
        AtomicInteger sent = new AtomicInteger();
        ClosePass killed = pass(Duration.ZERO, (partition, item) -> {
            if (sent.incrementAndGet() == 3) {
                throw new IllegalStateException("killed");
            }
        });
        assertThrows(IllegalStateException.class, killed::run);
        // the two sent closes are still on their way to Redis when the pass dies: wait for them to land
        Eventually.await(() -> items.stream().filter(item -> closeIds(item).size() == 1).count() == 2);

        // when: another processor (or the same one restarted) runs; the schedule is replayed in full too
        for (String item : items) {
            redis.zadd(RedisKeys.closing(keys.partitionOf(item)), T0 - 10, item);
        }
        pass().run();

        // then
        for (String item : items) {
            assertEquals(1, closeIds(item).size(), item);
            assertFalse(scheduled(item), item);
        }
    }

    @Test
    void shouldKeepACloseAcrossARedisKillAndAppendItOnce() {
        // given: closed, then Redis killed with SIGKILL and started again on its AOF
        item("crash-1", T0 - 10, "lead_user", "otto", "lead_amount_cents", "700", "price_cents", "700");
        pass().run();
        String closedBefore = redis.hget(keys.item("crash-1"), "closed_event");
        redisServer.kill();
        redisServer.start();
        redis = client.connect().sync();

        // when: the schedule is replayed (re-mirror) and a processor with a fresh connection runs again
        redis.zadd(RedisKeys.closing(keys.partitionOf("crash-1")), T0 - 10, "crash-1");
        pass().run();

        // then
        assertEquals(List.of(closedBefore), closeIds("crash-1"));
        assertEquals("700", onlyClose("crash-1").get("price_cents"));
    }

    @Test
    void shouldAppendOneCloseEachWhileThreeProcessorsRaceOverTheSameSchedules() throws Exception {
        // given
        int count = 300;
        for (int i = 0; i < count; i++) {
            item("race-" + i, T0 - i, "lead_user", "john", "lead_amount_cents", Integer.toString(i));
        }
        List<ClosePass> passes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            passes.add(pass(Duration.ZERO, ClosePass.Checkpoint.NONE, 17));
        }

        // when
        ExecutorService pool = Executors.newFixedThreadPool(passes.size());
        try {
            List<Future<?>> done = new ArrayList<>();
            for (ClosePass pass : passes) {
                done.add(pool.submit(() -> {
                    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                    while (scheduledCount() > 0 && System.nanoTime() < deadline) {
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
        Map<String, Integer> closes = new LinkedHashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            for (StreamMessage<String, String> entry : redis.xrange(RedisKeys.events(p), Range.create("-", "+"))) {
                closes.merge(entry.getBody().get(StreamEntry.ITEM), 1, Integer::sum);
            }
        }
        assertEquals(count, closes.size());
        closes.forEach((item, n) -> assertEquals(1, n, item));
    }

    @Test
    void shouldSayMoreIsWaitingWhenAScheduleHoldsMoreDueItemsThanOneBatch() {
        // given
        for (int i = 0; i < 5; i++) {
            item("batch-" + i, T0 - i);
        }
        String partitionMate = "batch-0";
        int p = keys.partitionOf(partitionMate);
        long inPartition = redis.zcard(RedisKeys.closing(p));
        ClosePass pass = pass(Duration.ZERO, ClosePass.Checkpoint.NONE, (int) inPartition);

        // when / then
        assertTrue(pass.run(), "a full batch must say more is waiting");
        assertFalse(pass.run());
        assertEquals(0, scheduledCount());
    }

    private void item(String item, long closesAt, String... fields) {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put("title", item);
        hash.put("created_at_us", Long.toString(T0 - 1_000_000_000L));
        hash.put("closes_at_us", Long.toString(closesAt));
        for (int i = 0; i < fields.length; i += 2) {
            hash.put(fields[i], fields[i + 1]);
        }
        redis.hset(keys.item(item), hash);
        redis.zadd(RedisKeys.closing(keys.partitionOf(item)), closesAt, item);
    }

    private ClosePass pass() {
        return pass(Duration.ZERO, ClosePass.Checkpoint.NONE);
    }

    private ClosePass pass(Duration grace, ClosePass.Checkpoint checkpoint) {
        return pass(grace, checkpoint, 50);
    }

    private ClosePass pass(Duration grace, ClosePass.Checkpoint checkpoint, int batch) {
        RedisConnection connection = new RedisConnection(redisServer.uri(), Duration.ofSeconds(2));
        connections.add(connection);
        return new ClosePass(connection, keys, batch, grace, new TestClock(), checkpoint, new SimpleMeterRegistry());
    }

    /** The stream ids of the item's item_closed entries. */
    private List<String> closeIds(String item) {
        List<String> ids = new ArrayList<>();
        for (StreamMessage<String, String> entry : closes(item)) {
            ids.add(entry.getId());
        }
        return ids;
    }

    private Map<String, String> onlyClose(String item) {
        List<StreamMessage<String, String>> closes = closes(item);
        assertEquals(1, closes.size(), "item_closed entries of " + item);
        return closes.get(0).getBody();
    }

    private List<StreamMessage<String, String>> closes(String item) {
        List<StreamMessage<String, String>> mine = new ArrayList<>();
        for (StreamMessage<String, String> entry : redis.xrange(keys.eventsOf(item), Range.create("-", "+"))) {
            if (StreamEntry.TYPE_ITEM_CLOSED.equals(entry.getBody().get(StreamEntry.TYPE))
                    && item.equals(entry.getBody().get(StreamEntry.ITEM))) {
                mine.add(entry);
            }
        }
        return mine;
    }

    private boolean scheduled(String item) {
        return redis.zscore(RedisKeys.closing(keys.partitionOf(item)), item) != null;
    }

    private long scheduledCount() {
        long total = 0;
        for (int p = 0; p < PARTITIONS; p++) {
            total += redis.zcard(RedisKeys.closing(p));
        }
        return total;
    }

    /** The test's time, in microseconds, moved by the test. */
    private final class TestClock extends Clock {

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            long micros = nowMicros.get();
            return Instant.ofEpochSecond(micros / 1_000_000L, (micros % 1_000_000L) * 1_000L);
        }
    }
}
