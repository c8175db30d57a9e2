package dev.gavel.acceptor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.gavel.acceptor.support.Await;
import dev.gavel.acceptor.support.RedisProbe;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.StreamEntry;
import dev.gavel.testkit.RedisServer;
import io.vertx.core.Vertx;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The edges of the auction rules in bid.lua, each on a fresh item in a real Redis. */
class AuctionRulesScriptTest {

    private static final long T0 = 1_795_000_000_000_000L;
    private static final long SECOND = 1_000_000L;
    private static final RedisKeys KEYS = TestData.KEYS;
    private static final String ITEM = "999";
    private static final String CLOSING = RedisKeys.closing(KEYS.partitionOf(ITEM));

    private static RedisServer redis;
    private static RedisProbe probe;
    private static Vertx vertx;
    private static BidStore bids;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.startFresh();
        probe = new RedisProbe(redis.uri());
        vertx = Vertx.vertx();
        RedisStore store = new RedisStore(RedisClients.create(vertx, redis.uri(), 4, 1500), 1500);
        bids = new BidStore(new ScriptRunner(store), Script.load(Script.BID), new Keys(KEYS));
    }

    @AfterAll
    static void stopRedis() {
        Await.result(vertx.close());
        probe.close();
        redis.close();
    }

    @BeforeEach
    void fresh() {
        redis.flushAll();
    }

    @Test
    void shouldKeepPlainBidsOfAnItemWithoutRulesOffTheStandingsUntilTheFirstCeiling() {
        // given: an item without rules; ann leads at 100.00, bob bid the same later (both plain: the v1 path)
        item();
        bid("ann", 10_000, T0);
        bid("bob", 10_000, T0 + 1);
        assertEquals(0L, probe.number("EXISTS", KEYS.itemStandings(ITEM)));

        // when: bob's first maximum bid, with a firm amount below what he already bid
        BidOutcome.Accepted raised = accepted(bid("bob", 1_000, 15_000, T0 + 2));

        // then: his standing was rebuilt from the list (his firm amount is still 100.00, from seq 2), so he
        // leads at the price ann's 100.00 sets without an automatic bid, and his recorded 100.00 is the winner's
        assertEquals(true, raised.leading());
        assertEquals(10_000, raised.priceCents());
        assertEquals(0, raised.autoSeq());
        assertEquals("bob", field("lead_user"));
        assertEquals("10000", field("lead_amount_cents"));
        assertEquals("2", field("lead_seq"));
        assertEquals(3L, probe.number("LLEN", KEYS.itemBids(ITEM)));
    }

    @Test
    void shouldTakeTheCeilingOfALeaderWithoutAStandingFromItsLeadFieldsWhenARivalBids() {
        // given: an item mirrored with a leader (ann, 10.00, seq 3) but neither bids list nor standings
        mirroredLeader();

        // when: bob bids the minimum with a maximum, then ann bids 20.00 plainly
        BidOutcome.Accepted bob = accepted(bid("bob", 1100, 3000, T0 + 1));
        BidOutcome.Accepted ann = accepted(bid("ann", 2000, T0 + 2));

        // then: ann's 10.00 was her ceiling, so bob leads at 10.00 + 1.00; ann's 20.00 does not reach his
        // 30.00, so his automatic bid answers at 20.00 + 1.00 and holds his firm amount
        assertEquals(true, bob.leading());
        assertEquals(1100, bob.priceCents());
        assertEquals(0, bob.autoSeq());
        assertEquals(false, ann.leading());
        assertEquals(2100, ann.priceCents());
        assertEquals(2200, ann.minimumBidCents());
        assertEquals(6, ann.autoSeq());
        assertEquals(List.of("bob", "2100", "6", Long.toString(T0 + 2), "2100", "2200", "6"), leadFields());
        assertEquals(2100 + "|" + 3000 + "|4|" + (T0 + 1) + "|6|" + (T0 + 2),
                probe.text("HGET", KEYS.itemStandings(ITEM), "bob"));
        assertEquals(List.of("4|bob|1100|" + (T0 + 1) + "||1100|1", "5|ann|2000|" + (T0 + 2) + "||2100|0",
                "6|bob|2100|" + (T0 + 2) + "|auto|2100|1"), probe.list(KEYS.itemBids(ITEM)));
        assertListMatchesTheStream();
    }

    @Test
    void shouldLetALeaderWithoutAStandingRaiseTheirOwnCeilingFromTheirLeadFields() {
        // given: an item mirrored with a leader (ann, 10.00, seq 3) but neither bids list nor standings
        mirroredLeader();

        // when: ann raises her ceiling with a bid at the minimum, then bob bids 20.00 plainly
        BidOutcome.Accepted ann = accepted(bid("ann", 1100, 5000, T0 + 1));
        BidOutcome.Accepted bob = accepted(bid("bob", 2000, T0 + 2));

        // then: her 10.00 is no rival to herself, so her firm 11.00 is the price; bob's 20.00 stays under her
        // 50.00, so her automatic bid answers at 21.00
        assertEquals(true, ann.leading());
        assertEquals(1100, ann.priceCents());
        assertEquals(0, ann.autoSeq());
        assertEquals(false, bob.leading());
        assertEquals(2100, bob.priceCents());
        assertEquals(6, bob.autoSeq());
        assertEquals(List.of("ann", "2100", "6", Long.toString(T0 + 2), "2100", "2200", "6"), leadFields());
        assertEquals(2100 + "|" + 5000 + "|4|" + (T0 + 1) + "|6|" + (T0 + 2),
                probe.text("HGET", KEYS.itemStandings(ITEM), "ann"));
        assertListMatchesTheStream();
    }

    @Test
    void shouldLetTheEarliestOfEqualCeilingsLeadAtThatCeiling() {
        // given
        item();
        bid("ann", 1000, 5000, T0);

        // when
        BidOutcome.Accepted bob = accepted(bid("bob", 2000, 5000, T0 + SECOND));

        // then: ann reached 50.00 first; the price is her ceiling (bob's 50.00 + step 0 capped at hers)
        assertEquals(false, bob.leading());
        assertEquals(5000, bob.priceCents());
        assertEquals(3, bob.autoSeq());
        assertEquals(List.of("1|ann|1000|" + T0 + "||1000|1", "2|bob|2000|" + (T0 + SECOND) + "||5000|0",
                "3|ann|5000|" + (T0 + SECOND) + "|auto|5000|1"), probe.list(KEYS.itemBids(ITEM)));
        assertEquals("ann", field("lead_user"));
    }

    @Test
    void shouldNotRaiseThePriceAgainstALeaderWhoRaisesTheirOwnCeiling() {
        // given
        item();
        bid("ann", 1000, 3000, T0);
        bid("bob", 1500, T0 + 1);

        // when
        BidOutcome.Accepted raise = accepted(bid("ann", 0, 10_000, T0 + 2));

        // then
        assertEquals(true, raise.leading());
        assertEquals(1500, raise.priceCents());
        assertEquals(0, raise.autoSeq());
        assertEquals(4L, probe.number("LLEN", KEYS.itemBids(ITEM)));
    }

    @Test
    void shouldPriceALeaderRaisingTheirCeilingUnderAnIncrementAtTheirOwnFirmAmount() {
        // given
        item("rule_increment", "0:100");
        bid("ann", 1000, 3000, T0);
        bid("bob", 1500, T0 + 1);

        // when: ann must bid at least minimum_bid (16.00 + 1.00) to raise her ceiling; her old 30.00 is no rival
        BidOutcome.Accepted raise = accepted(bid("ann", 1700, 10_000, T0 + 2));

        // then
        assertEquals(1700, raise.priceCents());
        assertEquals(1800, raise.minimumBidCents());
        assertEquals(0, raise.autoSeq());
    }

    @Test
    void shouldRefuseABidBelowTheMinimumAndRecordNothing() {
        // given
        item("rule_start_cents", "500", "rule_increment", "0:50,1000:100");
        assertEquals(new BidOutcome.TooLow(500), bid("ann", 499, T0));
        bid("ann", 1000, T0 + 1);

        // when
        BidOutcome outcome = bid("bob", 1099, 9000, T0 + 2);

        // then: the price 10.00 is on the second rung, so the step is 1.00
        assertEquals(new BidOutcome.TooLow(1100), outcome);
        assertEquals(1L, probe.number("LLEN", KEYS.itemBids(ITEM)));
        assertEquals("1", field("seq"));
        assertEquals(1L, probe.number("XLEN", KEYS.eventsOf(ITEM)));
        assertNull(probe.text("HGET", KEYS.itemStandings(ITEM), "bob"));
    }

    @Test
    void shouldRaiseThePriceToTheReserveWhenTheLeadersCeilingReachesIt() {
        // given
        item("rule_reserve_cents", "5000");

        // when
        BidOutcome.Accepted under = accepted(bid("ann", 1000, 4999, T0));
        BidOutcome.Accepted reaching = accepted(bid("bob", 1000, 5000, T0 + 1));

        // then
        assertEquals(1000, under.priceCents());
        assertEquals(5000, reaching.priceCents());
        assertEquals(true, reaching.leading());
        assertEquals(3, reaching.autoSeq());
        assertEquals("5000", field("lead_amount_cents"));
    }

    @Test
    void shouldBuyNowAtExactlyTheBuyNowPriceWhateverCeilingsOthersHoldAndCloseAtTheBidsTime() {
        // given
        item("rule_buy_now_cents", "10000", "closes_at_us", Long.toString(T0 + 3600 * SECOND));
        probe.call("ZADD", CLOSING, Long.toString(T0 + 3600 * SECOND), ITEM);
        bid("ann", 1000, 50_000, T0);

        // when
        BidOutcome.Accepted buy = accepted(bid("bob", 12_000, T0 + 5));

        // then
        assertEquals(new BidOutcome.Accepted(2, true, 10_000, 0, T0 + 5, true, 0, 10_000), buy);
        assertEquals("2|bob|10000|" + (T0 + 5) + "||10000|1", probe.list(KEYS.itemBids(ITEM)).get(1));
        Map<String, String> entry = bidEntries().get(1);
        assertEquals("", entry.get(StreamEntry.CLOSES_AT_US), "a buy-now closes the item, it does not extend it");
        assertEquals("ann", entry.get(StreamEntry.DISPLACED));
        assertEquals("buy_now", field("closed_reason"));
        assertEquals(Long.toString(T0 + 5), field("closes_at_us"));
        assertEquals(T0 + 5, score());
        assertEquals(new BidOutcome.NotOpen(false, T0 + 5), bid("ann", 60_000, T0 + 6));
    }

    @Test
    void shouldCloseABoughtItemEvenForABidWhoseArrivalTimeIsEarlier() {
        // given: a buy-now and a normal bid race on two acceptors; the buy-now runs first
        item("rule_buy_now_cents", "10000");
        accepted(bid("bob", 10_000, T0 + 10));

        // when: the normal bid got its arrival time a little earlier but runs second
        BidOutcome late = bid("ann", 5000, 20_000, T0 + 9);

        // then
        assertEquals(new BidOutcome.NotOpen(false, T0 + 10), late);
        assertEquals("bob", field("lead_user"));
        assertEquals("10000", field("price_cents"));
        assertEquals(1L, probe.number("LLEN", KEYS.itemBids(ITEM)));
    }

    @Test
    void shouldLetTheBuyNowWinWhenTheNormalBidOfTheRaceRunsFirst() {
        // given
        item("rule_buy_now_cents", "10000");
        bid("ann", 5000, 20_000, T0 + 9);

        // when
        BidOutcome.Accepted buy = accepted(bid("bob", 10_000, T0 + 10));

        // then
        assertEquals(true, buy.leading());
        assertEquals(10_000, buy.priceCents());
        assertEquals("bob", field("lead_user"));
        assertEquals(T0 + 10, score());
    }

    @Test
    void shouldNotExtendForABidExactlyAWindowBeforeTheClose() {
        // given
        long closes = T0 + 600 * SECOND;
        item("closes_at_us", Long.toString(closes), "rule_window_s", "60", "rule_extend_s", "90");
        probe.call("ZADD", CLOSING, Long.toString(closes), ITEM);

        // when
        BidOutcome.Accepted edge = accepted(bid("ann", 100, closes - 60 * SECOND));

        // then
        assertEquals(closes, edge.closesAtMicros());
        assertEquals(closes, score());
    }

    @Test
    void shouldExtendForABidOneMicrosecondInsideTheWindow() {
        // given
        long closes = T0 + 600 * SECOND;
        item("closes_at_us", Long.toString(closes), "rule_window_s", "60", "rule_extend_s", "90");
        probe.call("ZADD", CLOSING, Long.toString(closes), ITEM);
        long ts = closes - 60 * SECOND + 1;

        // when
        BidOutcome.Accepted inside = accepted(bid("ann", 100, ts));

        // then
        assertEquals(ts + 90 * SECOND, inside.closesAtMicros());
        assertEquals(Long.toString(ts + 90 * SECOND), field("closes_at_us"));
        assertEquals(ts + 90 * SECOND, score());
    }

    @Test
    void shouldNotExtendForABidThatChangesNeitherLeaderNorPrice() {
        // given
        long closes = T0 + 600 * SECOND;
        item("closes_at_us", Long.toString(closes), "rule_window_s", "60", "rule_extend_s", "90");
        bid("ann", 5000, T0);

        // when
        BidOutcome.Accepted lower = accepted(bid("bob", 100, closes - SECOND));

        // then
        assertEquals(closes, lower.closesAtMicros());
    }

    @Test
    void shouldCapTheExtensionAtTheHardClose() {
        // given
        long closes = T0 + 600 * SECOND;
        long hard = closes + 30 * SECOND;
        item("closes_at_us", Long.toString(closes), "rule_window_s", "60", "rule_extend_s", "120",
                "rule_hard_close_at_us", Long.toString(hard));
        probe.call("ZADD", CLOSING, Long.toString(closes), ITEM);

        // when
        BidOutcome.Accepted capped = accepted(bid("ann", 100, closes - 10 * SECOND));
        BidOutcome.Accepted again = accepted(bid("bob", 200, closes + 20 * SECOND));
        BidOutcome tooLate = bid("ann", 300, hard);

        // then
        assertEquals(hard, capped.closesAtMicros());
        assertEquals(hard, again.closesAtMicros());
        assertEquals(hard, score());
        assertEquals(new BidOutcome.NotOpen(false, hard), tooLate);
    }

    @Test
    void shouldLeaveTheClosingScheduleAloneForAnItemNotInIt() {
        // given: the schedule is query-api's to fill; an extension only moves an entry that is there
        long closes = T0 + 600 * SECOND;
        item("closes_at_us", Long.toString(closes), "rule_window_s", "60", "rule_extend_s", "90");

        // when
        accepted(bid("ann", 100, closes - SECOND));

        // then
        assertNull(probe.text("ZSCORE", CLOSING, ITEM));
    }

    @Test
    void shouldPlayTheMaximumBidExampleOfTheApiDocsStepByStep() {
        // given: docs/api.md, "Maximum bids": increment 1.00, starting price 10.00
        item("rule_start_cents", "1000", "rule_increment", "0:100");

        // when
        BidOutcome.Accepted first = accepted(bid("otto", 1000, 4000, T0));
        BidOutcome.Accepted second = accepted(bid("john", 1500, T0 + 1));
        BidOutcome.Accepted third = accepted(bid("john", 3000, 4500, T0 + 2));
        BidOutcome.Accepted fourth = accepted(bid("otto", 4600, 6000, T0 + 3));

        // then
        assertEquals(new BidOutcome.Accepted(1, true, 1000, 1100, BidOutcome.NO_CLOSE, false, 0, 1000), first);
        assertEquals(new BidOutcome.Accepted(2, false, 1600, 1700, BidOutcome.NO_CLOSE, false, 3, 1500), second);
        assertEquals(new BidOutcome.Accepted(4, true, 4100, 4200, BidOutcome.NO_CLOSE, false, 5, 3000), third);
        assertEquals(new BidOutcome.Accepted(6, true, 4600, 4700, BidOutcome.NO_CLOSE, false, 0, 4600), fourth);
        assertEquals(List.of("1|otto|1000|" + T0 + "||1000|1", "2|john|1500|" + (T0 + 1) + "||1600|0",
                "3|otto|1600|" + (T0 + 1) + "|auto|1600|1", "4|john|3000|" + (T0 + 2) + "||4100|1",
                "5|john|4100|" + (T0 + 2) + "|auto|4100|1", "6|otto|4600|" + (T0 + 3) + "||4600|1"),
                probe.list(KEYS.itemBids(ITEM)));
    }

    @Test
    void shouldNameTheDisplacedLeaderOnlyOnTheEntryOfTheBidThatTookTheLead() {
        // given: the docs' maximum bid example, then otto raising his own leading bid
        item("rule_start_cents", "1000", "rule_increment", "0:100");
        bid("otto", 1000, 4000, T0);
        bid("john", 1500, T0 + 1);
        bid("john", 3000, 4500, T0 + 2);
        bid("otto", 4600, 6000, T0 + 3);

        // when
        bid("otto", 4700, T0 + 4);

        // then: 1 first bid (no previous leader), 2 john loses, 3 otto's automatic bid keeps his lead,
        // 4 john takes it from otto, 5 john's automatic bid, 6 otto takes it back, 7 otto raises his own
        assertEquals(List.of("", "", "", "otto", "", "john", ""),
                bidEntries().stream().map(entry -> entry.get(StreamEntry.DISPLACED)).toList());
        assertListMatchesTheStream();
    }

    @Test
    void shouldKeepTheFieldsOfAnItemWithoutRulesOnTheShortPath() {
        // given: no rule, no maximum bid: the script's v1 path
        item();

        // when: a first bid, a takeover, a raise by the leader, a losing bid
        bid("ann", 100, T0);
        bid("bob", 200, T0 + 1);
        bid("bob", 300, T0 + 2);
        bid("ann", 250, T0 + 3);

        // then
        assertEquals(0L, probe.number("EXISTS", KEYS.itemStandings(ITEM)));
        assertEquals(List.of("1|ann|100|" + T0 + "||100|1", "2|bob|200|" + (T0 + 1) + "||200|1",
                "3|bob|300|" + (T0 + 2) + "||300|1", "4|ann|250|" + (T0 + 3) + "||300|0"), probe.list(KEYS.itemBids(ITEM)));
        assertEquals(List.of("", "ann", "", ""), bidEntries().stream().map(entry -> entry.get(StreamEntry.DISPLACED)).toList());
        assertEquals(List.of("", "", "", ""), bidEntries().stream().map(entry -> entry.get(StreamEntry.CLOSES_AT_US)).toList());
        assertListMatchesTheStream();
    }

    @Test
    void shouldCarryTheNewClosingTimeOnlyOnTheEntryOfTheBidThatExtendedTheItem() {
        // given: soft close 60 s / 90 s; ann bids with a maximum well before the window
        long closes = T0 + 600 * SECOND;
        item("closes_at_us", Long.toString(closes), "rule_window_s", "60", "rule_extend_s", "90");
        probe.call("ZADD", CLOSING, Long.toString(closes), ITEM);
        bid("ann", 100, 5000, T0);

        // when: inside the window bob raises the price (ann keeps the lead by an automatic bid), then bids
        // the same again, which changes nothing
        BidOutcome.Accepted raising = accepted(bid("bob", 200, closes - 10 * SECOND));
        BidOutcome.Accepted idle = accepted(bid("bob", 200, closes));

        // then
        long extended = closes - 10 * SECOND + 90 * SECOND;
        assertEquals(extended, raising.closesAtMicros());
        assertEquals(extended, idle.closesAtMicros());
        List<Map<String, String>> entries = bidEntries();
        assertEquals(List.of("1", "2", "3", "4"), entries.stream().map(entry -> entry.get(StreamEntry.SEQ)).toList());
        assertEquals(List.of("", Long.toString(extended), "", ""),
                entries.stream().map(entry -> entry.get(StreamEntry.CLOSES_AT_US)).toList());
        assertEquals(List.of("", "", "", ""), entries.stream().map(entry -> entry.get(StreamEntry.DISPLACED)).toList());
        assertEquals("1", entries.get(2).get(StreamEntry.AUTO));
        assertListMatchesTheStream();
    }

    @Test
    void shouldRecordABidThatLeadsUnderTheRulesInAsManyCommandsAsTheV1PathTakes() {
        // given: a ladder; ann and bob have bid (bob with a maximum), so the standings are kept
        item("rule_increment", "0:1,100000:5");
        bid("ann", 10_000, T0);
        bid("bob", 20_000, 20_500, T0 + 1);
        probe.call("CONFIG", "RESETSTAT");

        // when: two bids that each lead outright, one with a maximum
        accepted(bid("carl", 30_000, T0 + 2));
        accepted(bid("dave", 40_000, 40_500, T0 + 3));

        // then: per bid the item's EXISTS and HMGET, the standings' HMGET and HSET, one RPUSH, the item's
        // HSET (the sequence with the leader, no HINCRBY) and the XADD; the standings' existence is not asked
        assertEquals(Map.of("exists", 2L, "hmget", 4L, "hset", 4L, "rpush", 2L, "xadd", 2L), commandCalls());
        assertEquals("4", field("seq"));
        assertEquals(List.of("1", "2", "3", "4"), bidEntries().stream().map(entry -> entry.get(StreamEntry.SEQ)).toList());
    }

    @Test
    void shouldRecordABidAndTheAutomaticBidItCausesInOneRpush() {
        // given
        item("rule_increment", "0:100");
        bid("ann", 1000, 5000, T0);
        probe.call("CONFIG", "RESETSTAT");

        // when
        BidOutcome.Accepted bob = accepted(bid("bob", 2000, T0 + 1));

        // then
        assertEquals(3, bob.autoSeq());
        assertEquals(Map.of("exists", 1L, "hmget", 2L, "hset", 2L, "rpush", 1L, "xadd", 2L), commandCalls());
        assertEquals("3", field("seq"));
        assertListMatchesTheStream();
    }

    /** The calls of each data command since the last CONFIG RESETSTAT, scripts' own commands included. */
    private static Map<String, Long> commandCalls() {
        Map<String, Long> calls = new TreeMap<>();
        for (String line : probe.text("INFO", "commandstats").split("\r?\n")) {
            if (line.startsWith("cmdstat_")) {
                String command = line.substring("cmdstat_".length(), line.indexOf(':'));
                long n = Long.parseLong(line.substring(line.indexOf("calls=") + "calls=".length(), line.indexOf(',')));
                if (!List.of("evalsha", "eval", "script", "config", "info").contains(command) && !command.startsWith("config")) {
                    calls.put(command, n);
                }
            }
        }
        return calls;
    }

    /** Each list entry carries the price and leading of its bid's stream entry, and is automatic when it is. */
    private static void assertListMatchesTheStream() {
        List<Map<String, String>> entries = bidEntries();
        List<String> list = probe.list(KEYS.itemBids(ITEM));
        assertEquals(entries.size(), list.size());
        for (int i = 0; i < list.size(); i++) {
            String[] parts = list.get(i).split("\\|", -1);
            Map<String, String> entry = entries.get(i);
            assertEquals(7, parts.length, list.get(i));
            assertEquals(List.of(entry.get(StreamEntry.SEQ), entry.get(StreamEntry.USER), entry.get(StreamEntry.AMOUNT_CENTS),
                            entry.get(StreamEntry.TS_US), "1".equals(entry.get(StreamEntry.AUTO)) ? "auto" : "",
                            entry.get(StreamEntry.PRICE_CENTS), entry.get(StreamEntry.LEADING)),
                    List.of(parts), "list entry " + list.get(i) + " against " + entry);
        }
    }

    /** The item's bid entries of its partition's event stream, in order. */
    private static List<Map<String, String>> bidEntries() {
        return probe.streamEntries(KEYS.eventsOf(ITEM)).stream()
                .filter(entry -> ITEM.equals(entry.get(StreamEntry.ITEM))
                        && StreamEntry.TYPE_BID.equals(entry.get(StreamEntry.TYPE)))
                .toList();
    }

    private static void item(String... fields) {
        List<String> args = new ArrayList<>(List.of(KEYS.item(ITEM), "title", "t", "created_at_us", "1"));
        args.addAll(List.of(fields));
        probe.call("HSET", args.toArray(String[]::new));
    }

    /** An item as mirrored before the standings existed: a ladder, and ann leading at 10.00 with seq 3. */
    private static void mirroredLeader() {
        item("rule_increment", "0:100", "seq", "3", "lead_user", "ann", "lead_amount_cents", "1000", "lead_seq", "3",
                "lead_ts_us", Long.toString(T0), "price_cents", "1000", "min_bid_cents", "1100");
    }

    /** The item's leader, its winning bid, the price, the minimum bid and the sequence. */
    private static List<String> leadFields() {
        return List.of(field("lead_user"), field("lead_amount_cents"), field("lead_seq"), field("lead_ts_us"),
                field("price_cents"), field("min_bid_cents"), field("seq"));
    }

    private static BidOutcome bid(String user, long cents, long ts) {
        return Await.result(bids.place(ITEM, user, cents, OptionalLong.empty(), ts, ClientContext.NONE, null));
    }

    private static BidOutcome bid(String user, long cents, long maxCents, long ts) {
        return Await.result(bids.place(ITEM, user, cents, OptionalLong.of(maxCents), ts, ClientContext.NONE, null));
    }

    private static BidOutcome.Accepted accepted(BidOutcome outcome) {
        return assertInstanceOf(BidOutcome.Accepted.class, outcome);
    }

    private static String field(String name) {
        return probe.text("HGET", KEYS.item(ITEM), name);
    }

    private static long score() {
        return new BigDecimal(probe.text("ZSCORE", CLOSING, ITEM)).longValueExact();
    }
}
