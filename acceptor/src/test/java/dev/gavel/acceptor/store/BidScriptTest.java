package dev.gavel.acceptor.store;

import dev.gavel.acceptor.support.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.gavel.acceptor.support.RedisProbe;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.StreamEntry;
import dev.gavel.testkit.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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
        assertAccepted(1, true, outcome);
        assertEquals("john", probe.text("HGET", KEYS.item("999"), "lead_user"));
    }

    @Test
    void shouldLetAHigherAmountTakeTheLead() {
        // given
        place("999", "john", 1000, T0);

        // when
        BidOutcome outcome = place("999", "otto", 1001, T0 + 1);

        // then
        assertAccepted(2, true, outcome);
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
        assertAccepted(2, false, outcome);
        assertEquals("john", probe.text("HGET", KEYS.item("999"), "lead_user"));
    }

    @Test
    void shouldLetAnEarlierBidOfEqualAmountTakeTheLeadEvenWhenItArrivesSecond() {
        // given
        place("999", "john", 1000, T0 + 10);

        // when
        BidOutcome outcome = place("999", "otto", 1000, T0 + 5);

        // then
        assertAccepted(2, true, outcome);
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
        assertAccepted(2, false, outcome);
        assertEquals("john", probe.text("HGET", KEYS.item("999"), "lead_user"));
    }

    @Test
    void shouldCompareAmountsAsNumbersNotStrings() {
        // given
        place("999", "john", 900, T0);

        // when
        BidOutcome outcome = place("999", "otto", 10_000, T0 + 1);

        // then
        assertAccepted(2, true, outcome);
    }

    @Test
    void shouldRecordTheBidAndOneStreamEntryCarryingEverythingTheDerivedViewsNeed() {
        // when
        place("999", "john", 100_000_000_000_000L, T0);
        Await.result(bids.place("999", "otto", 5, T0 + 7, new ClientContext("1.0", "ios", "AT", "s-1")));

        // then
        assertEquals(List.of("1|john|100000000000000|" + T0 + "||100000000000000|1",
                "2|otto|5|" + (T0 + 7) + "||100000000000000|0"), probe.list(KEYS.itemBids("999")));
        Response events = probe.call("XRANGE", KEYS.eventsOf("999"), "-", "+");
        assertEquals(2, events.size());
        assertEquals(List.of("type", "bid", "event_id", "bid:999:1", "item", "999", "user", "john",
                "amount_cents", "100000000000000", "seq", "1", "ts_us", Long.toString(T0),
                "sdk_version", "", "platform", "", "country", "", "session_id", "", "v", "2",
                "auto", "0", "price_cents", "100000000000000", "leading", "1", "closes_at_us", "", "displaced", ""),
                fields(events.get(0)));
        assertEquals(List.of("type", "bid", "event_id", "bid:999:2", "item", "999", "user", "otto",
                "amount_cents", "5", "seq", "2", "ts_us", Long.toString(T0 + 7),
                "sdk_version", "1.0", "platform", "ios", "country", "AT", "session_id", "s-1", "v", "2",
                "auto", "0", "price_cents", "100000000000000", "leading", "0", "closes_at_us", "", "displaced", ""),
                fields(events.get(1)));
    }

    @Test
    void shouldMarkTheEntryWithTheFormatAndContextFieldsTheProcessorReads() {
        // when
        Await.result(bids.place("999", "john", 100, T0, new ClientContext("2.0", "web", "DE", "s-9")));

        // then
        Map<String, String> entry = probe.streamEntries(KEYS.eventsOf("999")).get(0);
        assertEquals(StreamEntry.FORMAT_DERIVED_BY_PROCESSOR, entry.get(StreamEntry.FORMAT));
        assertEquals(List.of("2.0", "web", "DE", "s-9"),
                StreamEntry.IMPRESSION_CONTEXT.stream().map(entry::get).toList());
        assertEquals("john", entry.get(StreamEntry.USER));
        assertEquals("999", entry.get(StreamEntry.ITEM));
        assertEquals("100", entry.get(StreamEntry.AMOUNT_CENTS));
        assertEquals("1", entry.get(StreamEntry.SEQ));
        assertEquals(Long.toString(T0), entry.get(StreamEntry.TS_US));
        assertEquals(StreamEntry.bidEventId("999", 1), entry.get(StreamEntry.EVENT_ID));
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
    void shouldRefuseABidArrivingBeforeTheCloseOnceTheProcessorPublishedTheClose() {
        // given: the processor has appended item_closed (a bid still in flight reaches Redis afterwards)
        TestData.item(redis, KEYS.item("999"), "closes_at_us", Long.toString(T0));
        redis.command("HSET", KEYS.item("999"), "closed_event", "1700000000000-0");

        // when
        BidOutcome outcome = place("999", "john", 100, T0 - 1);

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
        assertAccepted(1, true, outcome);
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
    void shouldWriteOnlyTheItemHashTheBidsListAndTheEventStream() {
        // given
        ClientContext context = new ClientContext("1.0", "ios", "AT", "s-1");

        // when
        Await.result(bids.place("999", "john", 100, T0, context));
        Await.result(bids.place("999", "otto", 100, T0 + 3, ClientContext.NONE));
        Await.result(bids.place("999", "john", 101, T0 + 5, context));

        // then
        // bids on an item without rules and without ceilings keep no standings (the script's v1 path)
        assertEquals(sorted(KEYS.item("999"), KEYS.itemBids("999"), KEYS.eventsOf("999")), probe.keys());
        assertEquals(sorted("title", "created_at_us", "seq", "lead_user", "lead_amount_cents", "lead_seq", "lead_ts_us",
                        "price_cents", "min_bid_cents"),
                sorted(probe.call("HKEYS", KEYS.item("999")).stream().map(Response::toString).toArray(String[]::new)));
        assertEquals(3L, probe.number("XLEN", KEYS.eventsOf("999")));
    }

    @Test
    void shouldAddOnlyTheIdempotencyRecordWhenTheBidCarriesAKey() {
        // when
        BidOutcome outcome = Await.result(bids.place("999", "john", 100, T0, ClientContext.NONE,
                new IdempotencyKey("retry-1", "fingerprint-1")));

        // then
        assertAccepted(1, true, outcome);
        assertEquals(sorted(KEYS.item("999"), KEYS.itemBids("999"), KEYS.eventsOf("999"),
                KEYS.idempotency("999", "john", "retry-1")), probe.keys());
        assertEquals(StreamEntry.FORMAT_DERIVED_BY_PROCESSOR,
                probe.streamEntries(KEYS.eventsOf("999")).get(0).get(StreamEntry.FORMAT));
    }

    @Test
    void shouldWriteNothingForABidThatIsRefused() {
        // given
        TestData.item(redis, KEYS.item("999"), "closes_at_us", Long.toString(T0));

        // when
        place("999", "john", 100, T0);

        // then
        assertEquals(List.of(KEYS.item("999")), probe.keys());
        assertEquals(sorted("title", "created_at_us", "closes_at_us"),
                sorted(probe.call("HKEYS", KEYS.item("999")).stream().map(Response::toString).toArray(String[]::new)));
    }

    @Test
    void shouldReloadTheScriptWhenRedisForgotIt() {
        // given
        place("999", "john", 1, T0);
        redis.command("SCRIPT", "FLUSH");

        // when
        BidOutcome outcome = place("999", "john", 2, T0 + 1);

        // then
        assertAccepted(2, true, outcome);
        assertEquals(2, probe.list(KEYS.itemBids("999")).size());
    }

    private static void assertAccepted(long seq, boolean leading, BidOutcome outcome) {
        BidOutcome.Accepted accepted = assertInstanceOf(BidOutcome.Accepted.class, outcome);
        assertEquals(seq, accepted.seq(), "seq");
        assertEquals(leading, accepted.leading(), "leading");
    }

    private static List<String> fields(Response entry) {
        return entry.get(1).stream().map(Response::toString).toList();
    }

    private static List<String> sorted(String... values) {
        return Stream.of(values).sorted().toList();
    }

    private static BidOutcome place(String item, String user, long cents, long ts) {
        return Await.result(bids.place(item, user, cents, ts, ClientContext.NONE));
    }

}
