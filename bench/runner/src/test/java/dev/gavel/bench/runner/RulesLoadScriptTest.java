package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bids-rules load as bench/wrk/requests.lua sends it (real wrk, two threads, against a server of this
 * test that records every request), replayed item by item in the order each thread sent it through the
 * contract's price rule: every bid must reach the minimum bid, half of them carry a maximum bid, and no
 * item is shared by two threads. bids-rising's load is the same without maximum bids, on the items without rules.
 */
class RulesLoadScriptTest {

    private static final Pattern BODY = Pattern.compile("\\{\"amount\": ([0-9]+)\\.([0-9]{2})(?:, \"max_amount\": ([0-9]+)\\.([0-9]{2}))?}");
    private static final Path SCRIPT = Path.of("../wrk/requests.lua");

    @TempDir
    Path dir;

    /** One request as the server saw it. */
    private record Sent(String item, String user, long amountCents, long maxCents) {
    }

    @Test
    void shouldSendABidLoadWhoseEveryBidIsAcceptedUnderTheLadderWithMaximumBidsFromHalfTheUsers() throws Exception {
        // when
        List<Sent> sent = send(RulesLoad.vars(2));

        // then
        assertTrue(sent.size() > 2 * RulesLoad.ITEMS, "too few bids to cover the items twice: " + sent.size());
        Map<String, List<Sent>> byItem = new LinkedHashMap<>();
        for (Sent bid : sent) {
            assertTrue(bid.item().startsWith(RulesLoad.ITEM_PREFIX), bid.item());
            byItem.computeIfAbsent(bid.item(), k -> new ArrayList<>()).add(bid);
        }
        long maximumBids = sent.stream().filter(b -> b.maxCents() >= 0).count();
        assertTrue(Math.abs(2 * maximumBids - sent.size()) <= byItem.size(), maximumBids + " maximum bids of " + sent.size());
        long refused = 0;
        long automatic = 0;
        for (List<Sent> bids : byItem.values()) {
            bids.sort(Comparator.comparingLong(Sent::amountCents));
            Auction auction = new Auction();
            for (int i = 0; i < bids.size(); i++) {
                Sent bid = bids.get(i);
                if (i > 0) {
                    // one thread's rounds: nothing between them, so no other thread bid on this item
                    assertEquals(RulesLoad.RISE_CENTS, bid.amountCents() - bids.get(i - 1).amountCents(), bids.toString());
                    assertTrue(!bid.user().equals(bids.get(i - 1).user()), bids.toString());
                }
                if (bid.maxCents() >= 0) {
                    assertEquals(bid.amountCents() + RulesLoad.MAX_ABOVE_CENTS, bid.maxCents());
                }
                switch (auction.bid(bid.user(), bid.amountCents(), bid.maxCents() < 0 ? bid.amountCents() : bid.maxCents())) {
                    case REFUSED -> refused++;
                    case AUTOMATIC -> automatic++;
                    case ACCEPTED -> { }
                }
            }
        }
        assertEquals(0, refused, "bids below the minimum bid");
        assertEquals(0, automatic, "automatic bids (a bid is meant to clear every ceiling)");
    }

    @Test
    void shouldSendTheSameLoadWithoutMaximumBidsOnTheItemsWithoutRulesForBidsRising() throws Exception {
        // when
        List<Sent> sent = send(RulesLoad.risingVars(2));

        // then: the shape of bids-rules (each thread's own items in turn, 1.00 more each round, the users taking
        // turns), but no maximum bid, on the items without rules, so every bid is above the last and leads
        assertTrue(sent.size() > 2 * RulesLoad.ITEMS, "too few bids to cover the items twice: " + sent.size());
        Map<String, List<Sent>> byItem = new LinkedHashMap<>();
        for (Sent bid : sent) {
            assertTrue(bid.item().startsWith(RulesLoad.RISING_ITEM_PREFIX), bid.item());
            assertEquals(-1, bid.maxCents(), bid.toString());
            byItem.computeIfAbsent(bid.item(), k -> new ArrayList<>()).add(bid);
        }
        assertEquals(RulesLoad.ITEMS, byItem.size());
        long evenUsers = sent.stream().filter(b -> Integer.parseInt(b.user().substring(b.user().lastIndexOf('-') + 1)) % 2 == 0).count();
        assertTrue(Math.abs(2 * evenUsers - sent.size()) <= byItem.size(), evenUsers + " bids by even-numbered users of " + sent.size());
        for (List<Sent> bids : byItem.values()) {
            bids.sort(Comparator.comparingLong(Sent::amountCents));
            for (int i = 1; i < bids.size(); i++) {
                assertEquals(RulesLoad.RISE_CENTS, bids.get(i).amountCents() - bids.get(i - 1).amountCents(), bids.toString());
                assertTrue(!bids.get(i).user().equals(bids.get(i - 1).user()), bids.toString());
            }
        }
    }

    /** Runs requests.lua under wrk (two threads, one second) with {@code scenarioVars}; what the server received. */
    private List<Sent> send(Map<String, String> scenarioVars) throws IOException {
        Queue<Sent> sent = new ConcurrentLinkedQueue<>();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        server.setExecutor(pool);
        server.createContext("/items/", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            String path = exchange.getRequestURI().getPath();
            String credentials = new String(Base64.getDecoder().decode(
                    exchange.getRequestHeaders().getFirst("Authorization").substring("Basic ".length())), StandardCharsets.UTF_8);
            Matcher m = BODY.matcher(body);
            if (m.matches() && path.endsWith("/bids")) {
                sent.add(new Sent(path.substring("/items/".length(), path.length() - "/bids".length()),
                        credentials.substring(0, credentials.indexOf(':')), cents(m.group(1), m.group(2)),
                        m.group(3) == null ? -1 : cents(m.group(3), m.group(4))));
            }
            exchange.sendResponseHeaders(m.matches() ? 201 : 400, -1);
            exchange.close();
        });
        server.start();
        Map<String, String> vars = new HashMap<>(scenarioVars);
        vars.put("BENCH_USERS", "50");
        vars.put("BENCH_PASSWORD", "bench-password");
        Path output = dir.resolve("wrk.txt");
        int status;
        try {
            status = new Commands(Map.of("PATH", System.getenv("PATH"))).run(List.of("wrk", "-t2", "-c8", "-d1s",
                    "-s", SCRIPT.toString(), "http://127.0.0.1:" + server.getAddress().getPort()), vars, output,
                    Duration.ofSeconds(30));
        } finally {
            server.stop(0);
            pool.shutdownNow();
        }
        assertEquals(0, status, Files.readString(output));
        LoadResult load = LoadResult.fromWrkOutput(Files.readString(output)).orElseThrow();
        assertEquals(0, load.non2xx(), Files.readString(output));
        return new ArrayList<>(sent);
    }

    private static long cents(String whole, String fraction) {
        return Long.parseLong(whole) * 100 + Long.parseLong(fraction);
    }

    /**
     * Contract v2's price rule for one item under RulesLoad.RULES (no starting price, no reserve): the
     * leader is the highest ceiling (the earliest to reach it among equals), the price the larger of the
     * leader's firm amount and the smaller of the leader's ceiling and the runner-up's ceiling + its step.
     */
    private static final class Auction {

        enum Outcome { ACCEPTED, AUTOMATIC, REFUSED }

        /** user -> {firm, ceiling, seq that reached the ceiling} */
        private final Map<String, long[]> standings = new HashMap<>();
        private long seq;
        private long price = -1;

        Outcome bid(String user, long amount, long ceiling) {
            long minimum = price < 0 ? 0 : price + step(price);
            if (amount < minimum) {
                return Outcome.REFUSED;
            }
            seq++;
            long[] standing = standings.computeIfAbsent(user, u -> new long[] {0, -1, 0});
            standing[0] = Math.max(standing[0], amount);
            if (ceiling > standing[1]) {
                standing[1] = ceiling;
                standing[2] = seq;
            }
            String leader = null;
            for (Map.Entry<String, long[]> e : standings.entrySet()) {
                long[] s = e.getValue();
                if (leader == null || s[1] > standings.get(leader)[1]
                        || (s[1] == standings.get(leader)[1] && s[2] < standings.get(leader)[2])) {
                    leader = e.getKey();
                }
            }
            long runnerUp = -1;
            for (Map.Entry<String, long[]> e : standings.entrySet()) {
                if (!e.getKey().equals(leader)) {
                    runnerUp = Math.max(runnerUp, e.getValue()[1]);
                }
            }
            long[] lead = standings.get(leader);
            price = runnerUp < 0 ? lead[0] : Math.max(lead[0], Math.min(lead[1], runnerUp + step(runnerUp)));
            if (price > lead[0]) {
                lead[0] = price;
                seq++;
                return Outcome.AUTOMATIC;
            }
            return Outcome.ACCEPTED;
        }

        /** The ladder of RulesLoad.RULES: 0.01 from 0, 0.05 from 1000.00. */
        private static long step(long cents) {
            return cents >= 100_000 ? 5 : 1;
        }
    }
}
