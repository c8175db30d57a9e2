package dev.gavel.acceptor.store;

import dev.gavel.acceptor.support.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.RedisProbe;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.contract.RedisKeys;
import dev.gavel.testkit.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Response;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The rules of bid.lua, run through the acceptor's own script runner against a real Redis. */
class BidScriptTest {

    private static final long T0 = 1_795_000_000_000_000L;

    private static RedisServer redis;
    private static RedisProbe probe;
    private static Vertx vertx;
    private static BidStore bids;
    private static final RedisKeys KEYS = TestData.KEYS;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.startFresh();
        probe = new RedisProbe(redis.uri());
        vertx = Vertx.vertx();
        RedisStore store = new RedisStore(RedisClients.create(vertx, redis.uri(), 4, 1500), 1500);
        bids = new BidStore(new ScriptRunner(store), Script.load(Script.BID), new Keys(KEYS));
    }

    @AfterAll
    static void stopRedis() throws Exception {
        Await.result(vertx.close());
        probe.close();
        redis.close();
    }

    @BeforeEach
    void freshItem() {
        redis.flushAll();
        TestData.openItem(redis, KEYS.item("999"));
    }

    @Test
    void shouldLetTheFirstBidLeadWhenThereIsNoLeader() {
        // when
        BidOutcome outcome = place("999", "john", 0, T0);

        // then
        assertEquals(new BidOutcome.Accepted(1, true), outcome);
        assertEquals("john", probe.text("HGET", KEYS.item("999"), "lead_user"));
    }

    @Test
    void shouldLetAHigherAmountTakeTheLead() {
        // given
        place("999", "john", 1000, T0);

        // when
        BidOutcome outcome = place("999", "otto", 1001, T0 + 1);

        // then
        assertEquals(new BidOutcome.Accepted(2, true), outcome);
        assertEquals("otto", probe.text("HGET", KEYS.item("999"), "lead_user"));
        assertEquals("1001", probe.text("HGET", KEYS.item("999"), "lead_amount_cents"));
        assertEquals("2", probe.text("HGET", KEYS.item("999"), "lead_seq"));
    }

    @Test
    void shouldKeepTheLeaderWhenALowerAmountArrives() {
        // given
        place("999", "john", 1000, T0);

        // when
        BidOutcome outcome = place("999", "otto", 999, T0 + 1);

        // then
        assertEquals(new BidOutcome.Accepted(2, false), outcome);
        assertEquals("john", probe.text("HGET", KEYS.item("999"), "lead_user"));
    }

    @Test
    void shouldLetAnEarlierBidOfEqualAmountTakeTheLeadEvenWhenItArrivesSecond() {
        // given
        place("999", "john", 1000, T0 + 10);

        // when
        BidOutcome outcome = place("999", "otto", 1000, T0 + 5);

        // then
        assertEquals(new BidOutcome.Accepted(2, true), outcome);
        assertEquals("otto", probe.text("HGET", KEYS.item("999"), "lead_user"));
        assertEquals(Long.toString(T0 + 5), probe.text("HGET", KEYS.item("999"), "lead_ts_us"));
    }

    @Test
    void shouldKeepTheLowerSeqOnAFullTie() {
        // given
        place("999", "john", 1000, T0);

        // when
        BidOutcome outcome = place("999", "otto", 1000, T0);

        // then
        assertEquals(new BidOutcome.Accepted(2, false), outcome);
        assertEquals("john", probe.text("HGET", KEYS.item("999"), "lead_user"));
    }

    @Test
    void shouldCompareAmountsAsNumbersNotStrings() {
        // given
        place("999", "john", 900, T0);

        // when
        BidOutcome outcome = place("999", "otto", 10_000, T0 + 1);

        // then
        assertEquals(new BidOutcome.Accepted(2, true), outcome);
    }

    @Test
    void shouldRecordTheEntryIndexesAndEventInTheLayoutsFormat() {
        // when
        place("999", "john", 100_000_000_000_000L, T0);
        place("999", "john", 5, T0 + 7);

        // then
        assertEquals(List.of("1|john|100000000000000|" + T0, "2|john|5|" + (T0 + 7)), probe.list(KEYS.itemBids("999")));
        assertEquals(T0 + 7, probe.call("ZSCORE", KEYS.userItemsOf("999", "john"), "999").toDouble().longValue());
        String stats = KEYS.userBidStatsOf("999", "john");
        assertEquals("2", probe.text("HGET", stats, "999|count"));
        assertEquals("100000000000000", probe.text("HGET", stats, "999|best"));
        assertEquals(Long.toString(T0 + 7), probe.text("HGET", stats, "999|last"));
        Response events = probe.call("XRANGE", KEYS.eventsOf("999"), "-", "+");
        assertEquals(2, events.size());
        List<String> fields = events.get(1).get(1).stream().map(Response::toString).toList();
        assertEquals(List.of("type", "bid", "event_id", "bid:999:2", "item", "999", "user", "john",
                "amount_cents", "5", "seq", "2", "ts_us", Long.toString(T0 + 7)), fields);
    }

    @Test
    void shouldAnswerNotFoundForAnUnknownItemAndWriteNothing() {
        // when
        BidOutcome outcome = place("998", "john", 100, T0);

        // then
        assertInstanceOf(BidOutcome.NotFound.class, outcome);
        assertEquals(0L, probe.number("EXISTS", KEYS.item("998"), KEYS.itemBids("998"), KEYS.eventsOf("998")));
    }

    @Test
    void shouldAnswerNotOpenWhenTheItemIsClosed() {
        // given
        TestData.item(redis, KEYS.item("999"), "closes_at_us", Long.toString(T0));

        // when
        BidOutcome outcome = place("999", "john", 100, T0);

        // then
        assertEquals(new BidOutcome.NotOpen(false, T0), outcome);
        assertEquals(0L, probe.number("LLEN", KEYS.itemBids("999")));
    }

    @Test
    void shouldAcceptABidJustBeforeTheClose() {
        // given
        TestData.item(redis, KEYS.item("999"), "closes_at_us", Long.toString(T0));

        // when
        BidOutcome outcome = place("999", "john", 100, T0 - 1);

        // then
        assertEquals(new BidOutcome.Accepted(1, true), outcome);
    }

    @Test
    void shouldAnswerNotOpenWhenTheItemIsScheduled() {
        // given
        TestData.item(redis, KEYS.item("999"), "opens_at_us", Long.toString(T0 + 1));

        // when
        BidOutcome outcome = place("999", "john", 100, T0);

        // then
        assertEquals(new BidOutcome.NotOpen(true, T0 + 1), outcome);
        assertFalse(probe.number("EXISTS", KEYS.itemBids("999")) > 0);
    }

    @Test
    void shouldCountTheBidPerDimensionAndRankTheItemsBiddersInTheSameScript() {
        // given
        ClientContext context = new ClientContext("1.0", "ios", "AT", "s-1");

        // when
        Await.result(bids.place("999", "john", 100, T0, context));
        Await.result(bids.place("999", "otto", 100, T0 + 3, ClientContext.NONE));
        Await.result(bids.place("999", "john", 100, T0 + 5, context));

        // then
        assertEquals("2", probe.text("HGET", KEYS.statsCounterOf("999", "user", "john"), "bids"));
        assertEquals("1", probe.text("HGET", KEYS.statsCounterOf("999", "user", "otto"), "bids"));
        assertEquals("3", probe.text("HGET", KEYS.statsCounterOf("999", "item", "999"), "bids"));
        assertEquals("2", probe.text("HGET", KEYS.statsCounterOf("999", "sdk", "312e30"), "bids"));
        assertEquals("2", probe.text("HGET", KEYS.statsCounterOf("999", "platform", "696f73"), "bids"));
        assertEquals("2", probe.text("HGET", KEYS.statsCounterOf("999", "country", "4154"), "bids"));
        assertEquals("3", probe.text("HGET", KEYS.statsTotalOf("999"), "bids"));
        String bucket = KEYS.statsSecondOf("999", T0 / 1_000_000L);
        assertEquals("3", probe.text("HGET", bucket, "bids"));
        long ttl = probe.number("TTL", bucket);
        assertTrue(ttl > 60 && ttl <= 120, "ttl " + ttl);
        String bidders = KEYS.itemBidders("999");
        assertEquals(List.of("john", "otto"),
                probe.call("ZREVRANGE", bidders, "0", "-1").stream().map(Response::toString).toList());
        assertEquals(T0 + 5, probe.call("ZSCORE", bidders, "john").toDouble().longValue());
        assertEquals(0L, probe.number("EXISTS", KEYS.statsCounterOf("999", "sdk", ""), KEYS.statsCounterOf("999", "platform", "")));
    }

    @Test
    void shouldCountNothingForABidThatIsRefused() {
        // given
        TestData.item(redis, KEYS.item("999"), "closes_at_us", Long.toString(T0));

        // when
        place("999", "john", 100, T0);

        // then
        assertEquals(0L, probe.number("EXISTS", KEYS.statsCounterOf("999", "user", "john"), KEYS.statsCounterOf("999", "item", "999"),
                KEYS.statsTotalOf("999"), KEYS.itemBidders("999")));
    }

    @Test
    void shouldReloadTheScriptWhenRedisForgotIt() {
        // given
        place("999", "john", 1, T0);
        redis.command("SCRIPT", "FLUSH");

        // when
        BidOutcome outcome = place("999", "john", 2, T0 + 1);

        // then
        assertEquals(new BidOutcome.Accepted(2, true), outcome);
        assertEquals(2, probe.list(KEYS.itemBids("999")).size());
    }

    private static BidOutcome place(String item, String user, long cents, long ts) {
        return Await.result(bids.place(item, user, cents, ts, ClientContext.NONE));
    }

}
