package dev.gavel.query.bid;

import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Readers against Redis state written here exactly as docs/redis-layout.md and the bid script lay it out. */
class BidReadTest {

    private static final long T0 = 1_795_000_000_000_000L;

    private final TestStack stack = TestStack.get();
    private final RedisCommands<String, String> redis = stack.redis();
    private final RedisKeys keys = new RedisKeys(new Partitioner(16));

    @Test
    void shouldReturnWinnerWithFinalOnceClosed() {
        String open = catalogue(TestStack.unique("w"), null);
        String closed = catalogue(TestStack.unique("w"), T0);
        bid(open, "john", 1200, T0 + 1);
        bid(open, "otto", 1250, T0 + 2);
        bid(closed, "john", 0, T0 - 5);

        Response response = stack.get("/items/" + open + "/winner");

        assertEquals(200, response.status(), response.toString());
        assertEquals("{\"item\":\"" + open + "\",\"user\":\"otto\",\"amount\":12.5,\"price\":12.5,\"seq\":2,"
                + "\"ts\":\"2026-11-18T11:06:40.000002Z\",\"final\":false,\"reserve_met\":null}", response.body());
        Response closedWinner = stack.get("/items/" + closed + "/winner");
        assertEquals(Boolean.TRUE, closedWinner.json().get("final"));
        assertTrue(closedWinner.body().contains("\"amount\":0,"), closedWinner.body());
    }

    @Test
    void shouldShowTheWinnersRecordedBidWithThePriceAndWhetherTheReserveIsMet() {
        // given: john leads with a maximum bid; his highest recorded bid is the automatic one at 20
        String met = catalogue(TestStack.unique("w"), null);
        redis.hset(key(met), Map.of("rule_reserve_cents", "2000", "seq", "3", "lead_user", "john",
                "lead_amount_cents", "2000", "lead_seq", "3", "lead_ts_us", Long.toString(T0 + 2),
                "price_cents", "2000", "min_bid_cents", "2100"));
        String unmet = catalogue(TestStack.unique("w"), null);
        redis.hset(key(unmet), Map.of("rule_reserve_cents", "5000", "seq", "1", "lead_user", "otto",
                "lead_amount_cents", "1000", "lead_seq", "1", "lead_ts_us", Long.toString(T0), "price_cents", "1000"));

        // when
        Response metWinner = stack.get("/items/" + met + "/winner");
        Response unmetWinner = stack.get("/items/" + unmet + "/winner");

        // then
        assertEquals("{\"item\":\"" + met + "\",\"user\":\"john\",\"amount\":20,\"price\":20,\"seq\":3,"
                + "\"ts\":\"2026-11-18T11:06:40.000002Z\",\"final\":false,\"reserve_met\":true}", metWinner.body());
        assertEquals(Boolean.FALSE, unmetWinner.json().get("reserve_met"));
    }

    @Test
    void shouldMarkAutomaticBidsInTheBidList() {
        // given: what bid.lua records for a bid and the automatic bid it caused
        String item = catalogue(TestStack.unique("auto"), null);
        redis.rpush(keys.itemBids(item), "1|john|1000|" + T0, "2|otto|1500|" + (T0 + 1),
                "3|john|1600|" + (T0 + 1) + "|auto");
        redis.hset(key(item), "seq", "3");

        // when
        Response response = stack.get("/items/" + item + "/bids");

        // then
        assertEquals("{\"item\":\"" + item + "\",\"bids\":["
                + "{\"seq\":1,\"user\":\"john\",\"amount\":10,\"ts\":\"2026-11-18T11:06:40.000000Z\",\"auto\":false},"
                + "{\"seq\":2,\"user\":\"otto\",\"amount\":15,\"ts\":\"2026-11-18T11:06:40.000001Z\",\"auto\":false},"
                + "{\"seq\":3,\"user\":\"john\",\"amount\":16,\"ts\":\"2026-11-18T11:06:40.000001Z\",\"auto\":true}"
                + "],\"next\":null}", response.body());
    }

    @Test
    void shouldShowOldAndNewListEntriesAlikeWithoutTheirPriceOrLeading() {
        // given: entries bid.lua wrote before and after it recorded the price and leading in the list
        String item = catalogue(TestStack.unique("mixed"), null);
        redis.rpush(keys.itemBids(item), "1|john|1000|" + T0, "2|otto|1500|" + (T0 + 1) + "||1600|0",
                "3|john|1600|" + (T0 + 1) + "|auto|1600|1", "4|otto|1700|" + (T0 + 2) + "||1700|1");
        redis.hset(key(item), "seq", "4");

        // when
        Response response = stack.get("/items/" + item + "/bids");

        // then
        assertEquals(200, response.status(), response.toString());
        assertEquals("{\"item\":\"" + item + "\",\"bids\":["
                + "{\"seq\":1,\"user\":\"john\",\"amount\":10,\"ts\":\"2026-11-18T11:06:40.000000Z\",\"auto\":false},"
                + "{\"seq\":2,\"user\":\"otto\",\"amount\":15,\"ts\":\"2026-11-18T11:06:40.000001Z\",\"auto\":false},"
                + "{\"seq\":3,\"user\":\"john\",\"amount\":16,\"ts\":\"2026-11-18T11:06:40.000001Z\",\"auto\":true},"
                + "{\"seq\":4,\"user\":\"otto\",\"amount\":17,\"ts\":\"2026-11-18T11:06:40.000002Z\",\"auto\":false}"
                + "],\"next\":null}", response.body());
    }

    @Test
    void shouldRespondWithNotFoundForUnknownItemOrNoBidsWithDistinctMessages() {
        String quiet = catalogue(TestStack.unique("quiet"), null);

        Response noBids = stack.get("/items/" + quiet + "/winner");
        Response unknown = stack.get("/items/" + TestStack.unique("ghost") + "/winner");

        assertError(noBids, 404, "not_found");
        assertError(unknown, 404, "not_found");
        assertFalse(noBids.json().get("message").equals(unknown.json().get("message")));
        assertError(stack.get("/items/" + TestStack.unique("ghost") + "/bids"), 404, "not_found");
    }

    @Test
    void shouldWalkAllBidsInAcceptanceOrderAcrossPages() {
        String item = catalogue(TestStack.unique("many"), null);
        for (int i = 1; i <= 250; i++) {
            bid(item, "u" + (i % 7), i * 100L, T0 + i);
        }

        List<Long> seen = new ArrayList<>();
        String next = null;
        int pages = 0;
        do {
            Response page = stack.get("/items/" + item + "/bids?limit=100" + (next == null ? "" : "&after=" + next));
            assertEquals(200, page.status(), page.toString());
            assertEquals(item, page.json().get("item"));
            for (Map<String, Object> bid : page.list("bids")) {
                seen.add(((Number) bid.get("seq")).longValue());
            }
            next = (String) page.json().get("next");
            pages++;
        } while (next != null);

        assertEquals(3, pages);
        assertEquals(250, seen.size());
        for (int i = 0; i < 250; i++) {
            assertEquals(i + 1, seen.get(i));
        }
        Response first = stack.get("/items/" + item + "/bids?limit=1");
        assertTrue(first.body().contains("\"bids\":[{\"seq\":1,\"user\":\"u1\",\"amount\":1,"
                + "\"ts\":\"2026-11-18T11:06:40.000001Z\",\"auto\":false}]"), first.body());
    }

    @Test
    void shouldAnswerEmptyBidListWithNullNext() {
        String item = catalogue(TestStack.unique("empty"), null);

        Response response = stack.get("/items/" + item + "/bids");

        assertEquals("{\"item\":\"" + item + "\",\"bids\":[],\"next\":null}", response.body());
    }

    @Test
    void shouldRespondWithBadRequestForBadLimitOrCursor() {
        String item = catalogue(TestStack.unique("paging"), null);

        assertError(stack.get("/items/" + item + "/bids?limit=0"), 400, "bad_request");
        assertError(stack.get("/items/" + item + "/bids?limit=1001"), 400, "bad_request");
        assertError(stack.get("/items/" + item + "/bids?limit=ten"), 400, "bad_request");
        assertError(stack.get("/items/" + item + "/bids?after=%21%21"), 400, "bad_request");
        assertError(stack.get("/items/" + item + "/bids?after=bm9wZQ"), 400, "bad_request");
        assertError(stack.get("/users/admin/bids?after=bm9wZQ"), 400, "bad_request");
    }

    @Test
    void shouldListAUsersItemsOfEveryPartitionMostRecentFirst() {
        String user = stack.newUser("bidder", "12345");
        String rival = "rival";
        List<String> items = new ArrayList<>();
        Set<Integer> partitions = new HashSet<>();
        for (int i = 0; i < 12; i++) {
            String item = catalogue(TestStack.unique("ui" + i), null);
            items.add(item);
            partitions.add(keys.partitionOf(item));
        }
        assertTrue(partitions.size() >= 3, "items should span several partitions");
        for (int i = 0; i < 12; i++) {
            String item = items.get(i);
            bid(item, user, 500, T0 + i * 10);
            bid(item, rival, i % 2 == 0 ? 900 : 100, T0 + i * 10 + 1);
            bid(item, user, 700, i < 4 ? T0 + 1_000 : T0 + i * 10 + 2);
        }

        List<Map<String, Object>> all = new ArrayList<>();
        String next = null;
        do {
            Response page = stack.get("/users/" + user + "/bids?limit=5" + (next == null ? "" : "&after=" + next));
            assertEquals(200, page.status(), page.toString());
            assertEquals(user, page.json().get("user"));
            all.addAll(page.list("items"));
            next = (String) page.json().get("next");
        } while (next != null);

        assertEquals(12, all.size());
        List<String> expectedOrder = new ArrayList<>(List.of(items.get(3), items.get(2), items.get(1), items.get(0)));
        expectedOrder.sort((a, b) -> b.compareTo(a));
        for (int i = 11; i >= 4; i--) {
            expectedOrder.add(items.get(i));
        }
        assertEquals(expectedOrder, all.stream().map(row -> row.get("item").toString()).toList());
        for (Map<String, Object> row : all) {
            int index = items.indexOf(row.get("item").toString());
            assertEquals(2, ((Number) row.get("bid_count")).intValue());
            assertEquals(7, ((Number) row.get("best_amount")).intValue());
            assertEquals(index % 2 == 1, row.get("leading"), row.toString());
            assertNotNull(row.get("last_bid_at"));
        }
        assertEquals("2026-11-18T11:06:40.001000Z", all.get(0).get("last_bid_at"));
    }

    @Test
    void shouldRespondWithNotFoundForUnknownUserBids() {
        assertError(stack.get("/users/" + TestStack.unique("nobody") + "/bids"), 404, "not_found");
        String fresh = stack.newUser("fresh", "12345");

        Response empty = stack.get("/users/" + fresh + "/bids");

        assertEquals("{\"user\":\"" + fresh + "\",\"items\":[],\"next\":null}", empty.body());
        assertNull(empty.json().get("next"));
    }

    /** The catalogue fields query-api itself writes for an item (the HTTP path is tested elsewhere). */
    private String catalogue(String item, Long closesAtUs) {
        redis.hset(key(item), "title", "t");
        redis.hset(key(item), "created_at_us", Long.toString(T0 - 1_000_000));
        if (closesAtUs != null) {
            redis.hset(key(item), "closes_at_us", Long.toString(closesAtUs));
        }
        return item;
    }

    /** What bid.lua records for one accepted bid, then what the processor derives from its stream entry, step by step. */
    private void bid(String item, String user, long cents, long tsUs) {
        long seq = redis.hincrby(key(item), "seq", 1);
        redis.rpush(keys.itemBids(item), seq + "|" + user + "|" + cents + "|" + tsUs);
        Map<String, String> hash = redis.hgetall(key(item));
        String leadAmount = hash.get("lead_amount_cents");
        if (leadAmount == null || cents > Long.parseLong(leadAmount)
                || (cents == Long.parseLong(leadAmount) && tsUs < Long.parseLong(hash.get("lead_ts_us")))) {
            redis.hset(key(item), Map.of("lead_user", user, "lead_amount_cents", Long.toString(cents),
                    "lead_seq", Long.toString(seq), "lead_ts_us", Long.toString(tsUs)));
        }
        String bidStats = keys.userBidStatsOf(user);
        redis.zadd(keys.userItemsOf(user), tsUs, item);
        redis.hincrby(bidStats, item + "|count", 1);
        String best = redis.hget(bidStats, item + "|best");
        if (best == null || cents > Long.parseLong(best)) {
            redis.hset(bidStats, item + "|best", Long.toString(cents));
        }
        redis.hset(bidStats, item + "|last", Long.toString(tsUs));
    }

    private String key(String item) {
        return keys.item(item);
    }
}
