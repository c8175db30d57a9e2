package dev.gavel.processor;

import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.testkit.StreamFields;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.gavel.testkit.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running processor derives the views the write scripts no longer update, from format-2 entries laid out
 * as docs/redis-layout.md says: the statistics, a user's items and their best and last amounts, the
 * item's bidders, the per-second buckets; each entry exactly once.
 */
class DerivedViewsTest {

    private static final int PARTITIONS = 16;
    private static final TestStores STORES = new TestStores();
    private static final Processor PROCESSOR = Processor.start(STORES.config(PARTITIONS, "derive-test"), new SimpleMeterRegistry());

    private final RedisCommands<String, String> redis = STORES.redis();
    private final RedisKeys keys = new RedisKeys(new Partitioner(PARTITIONS));

    @AfterAll
    static void stop() {
        PROCESSOR.close();
        STORES.close();
    }

    @Test
    void shouldDeriveEveryViewOfBidsAndImpressions() {
        // given
        String item = TestStores.unique("views");
        String user = TestStores.unique("u");
        int p = keys.partitionOf(item);
        long now = MicroTime.nowMicros();

        // when
        bid(item, 1, user, 500, now, "1.2", "ios", "DE");
        bid(item, 2, "rival", 900, now + 1, "", "web", "");
        bid(item, 3, user, 700, now + 2, "1.2", "ios", "DE");
        impression(item, 1, user, now + 3, "1.2", "ios", "DE");

        // then
        await(() -> Map.of("bids", "3", "impressions", "1").equals(redis.hgetall(RedisKeys.statsCounter(p, "item", item))));
        assertEquals(Map.of("bids", "3", "impressions", "1"), redis.hgetall(RedisKeys.statsCounter(p, "item", item)));
        assertEquals(Map.of("bids", "2", "impressions", "1"), redis.hgetall(keys.statsUserOf(user)));
        assertEquals(Map.of("bids", "2", "impressions", "1"),
                redis.hgetall(RedisKeys.statsCounter(p, "sdk", RedisKeys.encode("1.2"))));
        assertEquals(Map.of("bids", "2", "impressions", "1"),
                redis.hgetall(RedisKeys.statsCounter(p, "platform", RedisKeys.encode("ios"))));
        assertEquals("1", redis.hget(RedisKeys.statsCounter(p, "platform", RedisKeys.encode("web")), "bids"));
        assertEquals(0, redis.exists(RedisKeys.statsCounter(p, "sdk", RedisKeys.encode(""))));
        String bucket = RedisKeys.statsSecond(p, now / 1_000_000);
        assertTrue(redis.ttl(bucket) > 0 && redis.ttl(bucket) <= 120, "the bucket lives 120 s: " + redis.ttl(bucket));
        assertEquals(Map.of(item + "|count", "2", item + "|best", "700", item + "|last", Long.toString(now + 2)),
                redis.hgetall(keys.userBidStatsOf(user)));
        assertEquals((double) (now + 2), redis.zscore(keys.userItemsOf(user), item));
        assertEquals((double) (now + 2), redis.zscore(keys.itemBidders(item), user));
        assertEquals((double) (now + 1), redis.zscore(keys.itemBidders(item), "rival"));
    }

    @Test
    void shouldDeriveNothingFromOlderEntriesCertificatesOrInvalidEntriesButPassThem() {
        // given: an entry of the old format, whose script updated the views itself, then a format-2 one
        String item = TestStores.unique("old");
        int p = keys.partitionOf(item);
        long now = MicroTime.nowMicros();
        redis.xadd(keys.eventsOf(item), StreamFields.of("type", "bid", "event_id", "bid:" + item + ":1", "item", item,
                "user", "john", "amount_cents", "100", "seq", "1", "ts_us", Long.toString(now)));
        redis.xadd(keys.eventsOf(item), StreamFields.of("type", "bid", "v", "2", "event_id", "bid:" + item + ":9",
                "item", item, "user", "john", "amount_cents", "1", "seq", "2", "ts_us", Long.toString(now)));

        // when
        String last = bid(item, 2, "john", 200, now + 1, "", "", "");

        // then: only the last one counts, and the mark passed them all
        await(() -> last.equals(redis.hget(RedisKeys.derivedMark(p), "applied")));
        assertEquals("1", redis.hget(RedisKeys.statsCounter(p, "item", item), "bids"));
        assertEquals("200", redis.hget(keys.userBidStatsOf("john"), item + "|best"));
    }

    @Test
    void shouldCountAnAutomaticBidInTheUsersStandingButNotInTheStatistics() {
        // given: otto's bid, then the automatic bid the system placed for the leader
        String item = TestStores.unique("auto");
        String leader = TestStores.unique("leader");
        int p = keys.partitionOf(item);
        long now = MicroTime.nowMicros();
        bid(item, 1, "otto", 500, now, "", "", "");

        // when
        String last = redis.xadd(keys.eventsOf(item), StreamFields.of("type", "bid", "v", "2",
                "event_id", "bid:" + item + ":2", "item", item, "user", leader, "amount_cents", "600", "seq", "2",
                "ts_us", Long.toString(now), "sdk_version", "", "platform", "", "country", "", "session_id", "",
                "auto", "1", "price_cents", "600", "leading", "1"));

        // then
        await(() -> last.equals(redis.hget(RedisKeys.derivedMark(p), "applied")));
        assertEquals("1", redis.hget(RedisKeys.statsCounter(p, "item", item), "bids"));
        assertNull(redis.hget(keys.statsUserOf(leader), "bids"));
        assertEquals("600", redis.hget(keys.userBidStatsOf(leader), item + "|best"));
        assertEquals((double) now, redis.zscore(keys.itemBidders(item), leader));
    }

    @Test
    void shouldDeriveABidThatExtendedTheItemAndDisplacedItsLeaderLikeAnyOther() {
        // given: a bid entry as bid.lua writes it since the live streams, both new fields filled
        String item = TestStores.unique("live");
        String user = TestStores.unique("taker");
        int p = keys.partitionOf(item);
        long now = MicroTime.nowMicros();

        // when
        String last = redis.xadd(keys.eventsOf(item), StreamFields.of("type", "bid", "v", "2",
                "event_id", "bid:" + item + ":1", "item", item, "user", user, "amount_cents", "900", "seq", "1",
                "ts_us", Long.toString(now), "sdk_version", "", "platform", "", "country", "", "session_id", "",
                "auto", "0", "price_cents", "900", "leading", "1", "closes_at_us", Long.toString(now + 90_000_000L),
                "displaced", "john"));

        // then
        await(() -> last.equals(redis.hget(RedisKeys.derivedMark(p), "applied")));
        assertEquals("1", redis.hget(RedisKeys.statsCounter(p, "item", item), "bids"));
        assertEquals("900", redis.hget(keys.userBidStatsOf(user), item + "|best"));
        assertNull(redis.hget(keys.userBidStatsOf("john"), item + "|best"));
    }

    @Test
    void shouldLeaveASecondBucketOlderThanItsLifetimeAlone() {
        String item = TestStores.unique("late");
        int p = keys.partitionOf(item);
        long longAgo = MicroTime.nowMicros() - 600_000_000L;

        String last = bid(item, 1, "john", 100, longAgo, "", "", "");

        await(() -> last.equals(redis.hget(RedisKeys.derivedMark(p), "applied")));
        assertEquals("1", redis.hget(RedisKeys.statsCounter(p, "item", item), "bids"));
        assertEquals(0, redis.exists(RedisKeys.statsSecond(p, longAgo / 1_000_000)));
        assertNull(redis.hget(RedisKeys.statsSecond(p, longAgo / 1_000_000), "bids"));
    }

    private String bid(String item, int seq, String user, long cents, long ts, String sdk, String platform, String country) {
        return redis.xadd(keys.eventsOf(item), StreamFields.of("type", "bid", "v", "2", "event_id", "bid:" + item + ":" + seq,
                "item", item, "user", user, "amount_cents", Long.toString(cents), "seq", Integer.toString(seq),
                "ts_us", Long.toString(ts), "sdk_version", sdk, "platform", platform, "country", country,
                "session_id", ""));
    }

    private void impression(String item, int n, String user, long ts, String sdk, String platform, String country) {
        redis.xadd(keys.eventsOf(item), StreamFields.of("type", "impression", "v", "2",
                "event_id", "impression:" + item + ":" + n, "item", item, "user", user, "ts_us", Long.toString(ts),
                "sdk_version", sdk, "platform", platform, "country", country, "session_id", "s"));
    }
}
