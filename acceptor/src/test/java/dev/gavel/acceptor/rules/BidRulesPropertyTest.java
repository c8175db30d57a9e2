package dev.gavel.acceptor.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.rules.Auction.Step;
import dev.gavel.acceptor.store.BidOutcome;
import dev.gavel.acceptor.store.BidStore;
import dev.gavel.acceptor.store.ClientContext;
import dev.gavel.acceptor.store.Keys;
import dev.gavel.acceptor.store.RedisClients;
import dev.gavel.acceptor.store.RedisStore;
import dev.gavel.acceptor.store.Script;
import dev.gavel.acceptor.store.ScriptRunner;
import dev.gavel.acceptor.support.Await;
import dev.gavel.acceptor.support.RedisProbe;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.contract.RedisKeys;
import dev.gavel.testkit.RedisServer;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Response;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Thousands of random auctions (random rules, random bid sequences, clocks that sometimes disagree)
 * through the real bid.lua on a real Redis, each bid compared with {@link ReferenceAuction}: the
 * answer (accepted with every field of the 201, or bid_too_low with its minimum_bid, or closed), then
 * the item's state (leader and its winning bid, price, minimum_bid, reserve_met, closes_at and the
 * closing schedule), and at the end the bids list and the stream entries, automatic bids included.
 */
class BidRulesPropertyTest {

    private static final RedisKeys KEYS = TestData.KEYS;
    private static final AtomicLong ITEMS = new AtomicLong();
    /** Every field a bid's stream entry may have: nothing else, so no ceiling can hide in one. */
    private static final Set<String> ENTRY_FIELDS = Set.of("type", "event_id", "item", "user", "amount_cents", "seq",
            "ts_us", "sdk_version", "platform", "country", "session_id", "v", "auto", "price_cents", "leading",
            "closes_at_us", "displaced");

    private static final Map<String, Arbitrary<Auction>> BY_CLOSING_TIME = new ConcurrentHashMap<>();

    private static RedisServer redis;
    private static RedisProbe probe;
    private static Vertx vertx;
    private static BidStore bids;

    @BeforeContainer
    static void startRedis() {
        // Some 19,000 bids, each one write: what bid.lua decides is under test here, not what survives a crash.
        redis = RedisServer.startFreshWithoutFsync();
        probe = new RedisProbe(redis.uri());
        vertx = Vertx.vertx();
        RedisStore store = new RedisStore(RedisClients.create(vertx, redis.uri(), 2, 5000), 5000);
        bids = new BidStore(new ScriptRunner(store), Script.load(Script.BID), new Keys(KEYS));
    }

    @AfterContainer
    static void stopRedis() {
        Await.result(vertx.close());
        probe.close();
        redis.close();
    }

    @Property(tries = 1200)
    void shouldDecideEveryBidAsTheReferenceModelDoes(@ForAll("auctions") Auction auction) {
        run(auction);
    }

    /**
     * Items without rules, the v1 case: plain bids take the script's short path, and the first maximum bid
     * moves the item to the full one, which rebuilds every standing from the bids list.
     */
    @Property(tries = 400)
    void shouldDecideItemsWithoutRulesAsTheReferenceModelDoes(@ForAll("auctionsWithoutRules") Auction auction) {
        run(auction);
    }

    /** Amounts up to the contract's largest (10^14 cents): exact integer arithmetic, no float rounding. */
    @Property(tries = 300)
    void shouldDecideLargeAmountsExactly(@ForAll("largeAuctions") Auction auction) {
        run(auction);
    }

    private static void run(Auction auction) {
        String item = "prop-" + ITEMS.incrementAndGet();
        // The partition's stream holds the entries of every earlier auction: only the ones after this id are read.
        String streamBefore = probe.lastStreamId(KEYS.eventsOf(item));
        mirror(item, auction);
        ReferenceAuction model = new ReferenceAuction(auction.rules(), auction.closesAtMicros());
        List<Map<String, String>> expectedEntries = new ArrayList<>();
        long[] arrivals = auction.arrivals();
        for (int i = 0; i < auction.steps().size(); i++) {
            Step step = auction.steps().get(i);
            int bid = i + 1;
            // Built only when an assertion fails: printing the auction for each of some 19,000 bids cost seconds.
            Supplier<String> where = () -> "bid " + bid + " of " + auction;
            ReferenceAuction.Answer expected = model.bid(step.user(), step.amountCents(), step.maxCents(), arrivals[i]);
            OptionalLong max = step.maxCents() == null ? OptionalLong.empty() : OptionalLong.of(step.maxCents());
            BidOutcome actual = Await.result(bids.place(item, step.user(), step.amountCents(), max, arrivals[i],
                    ClientContext.NONE, null));
            assertEquals(translate(expected), actual, where);
            if (expected instanceof ReferenceAuction.Accepted accepted) {
                expectedEntries.add(entry(item, step.user(), accepted.seq(), accepted.amountCents(), arrivals[i], false,
                        accepted.priceCents(), accepted.leading(), accepted.extendedToMicros(), accepted.displaced()));
                if (accepted.autoSeq() > 0) {
                    expectedEntries.add(entry(item, model.leader(), accepted.autoSeq(), accepted.priceCents(),
                            arrivals[i], true, accepted.priceCents(), true, null, null));
                }
            }
            assertItemState(item, auction.rules(), model, where);
        }
        List<String> entries = model.recorded().stream().map(ReferenceAuction.Recorded::entry).toList();
        assertEquals(entries, probe.list(KEYS.itemBids(item)), () -> "the bids list of " + auction);
        List<Map<String, String>> stream = probe.streamEntriesAfter(KEYS.eventsOf(item), streamBefore).stream()
                .filter(entry -> item.equals(entry.get("item"))).toList();
        for (Map<String, String> entry : stream) {
            assertTrue(ENTRY_FIELDS.containsAll(entry.keySet()), () -> "unexpected fields in " + entry);
        }
        assertEquals(expectedEntries, stream.stream().map(BidRulesPropertyTest::comparable).toList(),
                () -> "the stream entries of " + auction);
    }

    /** Writes the item as query-api mirrors it: catalogue fields, rule fields, and its closing schedule entry. */
    private static void mirror(String item, Auction auction) {
        List<String> args = new ArrayList<>(List.of(KEYS.item(item), "title", "t", "created_at_us", "1"));
        if (auction.closesAtMicros() != null) {
            args.add("closes_at_us");
            args.add(Long.toString(auction.closesAtMicros()));
            probe.call("ZADD", RedisKeys.closing(KEYS.partitionOf(item)), Long.toString(auction.closesAtMicros()), item);
        }
        args.addAll(auction.rules().hashFields());
        probe.call("HSET", args.toArray(String[]::new));
    }

    private static void assertItemState(String item, AuctionRules rules, ReferenceAuction model, Supplier<String> where) {
        Response state = probe.call("HMGET", KEYS.item(item), "lead_user", "price_cents", "min_bid_cents",
                "closes_at_us", "closed_reason", "lead_amount_cents", "lead_seq", "lead_ts_us");
        String leader = model.leader();
        assertEquals(leader, text(state.get(0)), () -> "leader after " + where.get());
        assertEquals(model.price() == null ? null : Long.toString(model.price()), text(state.get(1)), () -> "price after " + where.get());
        String minimum = text(state.get(2));
        assertEquals(model.minimumBid(), minimum == null ? rules.startCents() : Long.parseLong(minimum),
                () -> "minimum_bid after " + where.get());
        if (rules.reserveCents() != null) {
            boolean met = text(state.get(1)) != null && Long.parseLong(text(state.get(1))) >= rules.reserveCents();
            assertEquals(model.reserveMet(), met, () -> "reserve_met after " + where.get());
        }
        Long closesAt = model.closesAtMicros();
        assertEquals(closesAt == null ? null : Long.toString(closesAt), text(state.get(3)), () -> "closes_at after " + where.get());
        assertEquals(model.boughtNow() ? "buy_now" : null, text(state.get(4)), () -> "closed_reason after " + where.get());
        if (closesAt != null) {
            String score = probe.text("ZSCORE", RedisKeys.closing(KEYS.partitionOf(item)), item);
            assertEquals(closesAt, new BigDecimal(score).longValueExact(),
                    () -> "the closing schedule after " + where.get());
        }
        if (leader != null) {
            ReferenceAuction.Recorded winning = model.leadingBid();
            assertEquals(List.of(Long.toString(winning.amountCents()), Long.toString(winning.seq()),
                            Long.toString(winning.tsMicros())),
                    List.of(text(state.get(5)), text(state.get(6)), text(state.get(7))), () -> "the winning bid after " + where.get());
        }
    }

    private static BidOutcome translate(ReferenceAuction.Answer answer) {
        if (answer instanceof ReferenceAuction.Accepted a) {
            return new BidOutcome.Accepted(a.seq(), a.leading(), a.priceCents(), a.minimumBidCents(),
                    a.closesAtMicros() == null ? BidOutcome.NO_CLOSE : a.closesAtMicros(), a.closed(), a.autoSeq(),
                    a.amountCents());
        }
        if (answer instanceof ReferenceAuction.TooLow tooLow) {
            return new BidOutcome.TooLow(tooLow.minimumBidCents());
        }
        return new BidOutcome.NotOpen(false, ((ReferenceAuction.NotOpen) answer).closedAtMicros());
    }

    private static Map<String, String> entry(String item, String user, long seq, long amount, long ts, boolean auto,
                                             long price, boolean leading, Long extendedTo, String displaced) {
        return Map.of("user", user, "seq", Long.toString(seq), "event_id", "bid:" + item + ":" + seq,
                "amount_cents", Long.toString(amount), "ts_us", Long.toString(ts), "auto", auto ? "1" : "0",
                "price_cents", Long.toString(price), "leading", leading ? "1" : "0",
                "closes_at_us", extendedTo == null ? "" : Long.toString(extendedTo),
                "displaced", displaced == null ? "" : displaced);
    }

    /** The fields the model predicts; a field the entry lacks shows as null, so a missing one fails the test. */
    private static Map<String, String> comparable(Map<String, String> entry) {
        Map<String, String> fields = new HashMap<>();
        for (String name : List.of("user", "seq", "event_id", "amount_cents", "ts_us", "auto", "price_cents",
                "leading", "closes_at_us", "displaced")) {
            fields.put(name, entry.get(name));
        }
        return fields;
    }

    private static String text(Response value) {
        return value == null ? null : value.toString();
    }

    @Provide
    Arbitrary<Auction> auctions() {
        return auctions(1L);
    }

    @Provide
    Arbitrary<Auction> auctionsWithoutRules() {
        Arbitrary<Long> closesAt = Arbitraries.longs().between(1, 60).map(s -> s * 1_000_000L).injectNull(0.3);
        return closesAt.flatMap(close -> forClosingTime(0L, close,
                () -> steps(1L).map(steps -> new Auction(AuctionRules.NONE, close, steps))));
    }

    @Provide
    Arbitrary<Auction> largeAuctions() {
        return auctions(10_000_000_000L);
    }

    /** Money in small numbers (so ladders, ties and reserves are hit often) times {@code unit}. */
    private static Arbitrary<Auction> auctions(long unit) {
        Arbitrary<Long> closesAt = Arbitraries.longs().between(1, 60).map(s -> s * 1_000_000L).injectNull(0.3);
        return closesAt.flatMap(close -> forClosingTime(unit, close, () -> Combinators.combine(rules(unit, close), steps(unit))
                .as((rules, steps) -> new Auction(rules, close, steps))));
    }

    /**
     * The same arbitrary object each time for a closing time (and unit; 0 for items without rules). jqwik keeps a
     * generator per arbitrary it has seen equal before; a new one per try made it work out the edge cases of the
     * combined rule parts again for every auction, which cost about a third of this test's CPU.
     */
    private static Arbitrary<Auction> forClosingTime(long unit, Long close, Supplier<Arbitrary<Auction>> arbitrary) {
        return BY_CLOSING_TIME.computeIfAbsent(unit + "/" + close, key -> arbitrary.get());
    }

    private static Arbitrary<AuctionRules> rules(long unit, Long closesAtOffset) {
        Arbitrary<Long> start = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(0, 1500).map(c -> c * unit)));
        Arbitrary<List<long[]>> ladder = ladder(unit);
        Arbitrary<Long> reserve = Arbitraries.longs().between(0, 4000).map(c -> c * unit).injectNull(0.5);
        Arbitrary<Long> buyNow = Arbitraries.longs().between(100, 5000).map(c -> c * unit).injectNull(0.7);
        Arbitrary<Long> window = Arbitraries.longs().between(1, 30).injectNull(0.4);
        Arbitrary<Long> extend = Arbitraries.longs().between(1, 30);
        Arbitrary<Long> hardAfterClose = Arbitraries.longs().between(0, 60).map(s -> s * 1_000_000L).injectNull(0.5);
        return Combinators.combine(start, ladder, reserve, buyNow, window, extend, hardAfterClose)
                .as((s, l, r, b, w, e, h) -> new AuctionRules(s, l, r, b, w, w == null ? null : e,
                        w == null || h == null || closesAtOffset == null ? null : Auction.T0 + closesAtOffset + h));
    }

    /** No ladder, the explicit "no increment" 0:0, or 1 to 3 rungs rising from 0, every step above 0. */
    private static Arbitrary<List<long[]>> ladder(long unit) {
        Arbitrary<long[]> rung = Combinators.combine(Arbitraries.longs().between(1, 1500), Arbitraries.longs().between(1, 500))
                .as((gap, step) -> new long[] {gap * unit, step * unit});
        Arbitrary<List<long[]>> rungs = Combinators.combine(Arbitraries.longs().between(1, 300), rung.list().ofMaxSize(2))
                .as((first, more) -> {
                    List<long[]> ladder = new ArrayList<>();
                    ladder.add(new long[] {0, first * unit});
                    long from = 0;
                    for (long[] next : more) {
                        from += next[0];
                        ladder.add(new long[] {from, next[1]});
                    }
                    return ladder;
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(4, Arbitraries.just(List.of())),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(List.of(new long[] {0, 0}))),
                net.jqwik.api.Tuple.of(5, rungs));
    }

    private static Arbitrary<List<Step>> steps(long unit) {
        Arbitrary<String> user = Arbitraries.of("ann", "bob", "cy");
        Arbitrary<Long> amount = Arbitraries.longs().between(0, 5000);
        Arbitrary<Long> above = Arbitraries.longs().between(0, 3000).injectNull(0.5);
        Arbitrary<Long> gap = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(0L)),
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(1, 3).map(s -> s * 1_000_000L)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().between(1, 999)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs().between(-2_000_000L, -1)));
        return Combinators.combine(user, amount, above, gap)
                .as((u, a, m, g) -> new Step(u, a * unit, m == null ? null : (a + m) * unit, g))
                .list().ofMinSize(1).ofMaxSize(20);
    }
}
