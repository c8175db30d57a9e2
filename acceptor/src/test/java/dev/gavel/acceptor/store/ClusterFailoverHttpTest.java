package dev.gavel.acceptor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.AcceptorConfig;
import dev.gavel.acceptor.support.BidLoad;
import dev.gavel.acceptor.support.ClusterStack;
import dev.gavel.acceptor.support.RedisProbe;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.contract.HashSlots;
import dev.gavel.testkit.RedisServer;
import dev.gavel.testkit.Signals;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptor with GAVEL_REDIS_WAIT_REPLICAS=1 on a real cluster of 3 primaries with a replica each: a
 * write no replica acknowledged is 504, and a primary killed with SIGKILL under load, frozen, or handed over
 * with CLUSTER FAILOVER, is replaced by its replica without losing one acknowledged bid.
 */
class ClusterFailoverHttpTest {

    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(15);

    private static ClusterStack stack;

    @BeforeAll
    static void startCluster() {
        stack = ClusterStack.start(3, 1, Map.of(AcceptorConfig.REDIS_TIMEOUT_MS, "2000",
                AcceptorConfig.REDIS_WAIT_REPLICAS, "1"));
        TestData.user(stack.probe(), "john", "12345", "1");
        for (int t = 0; t < 4; t++) {
            TestData.user(stack.probe(), "bidder" + t, "pw" + t, "1");
        }
    }

    @AfterAll
    static void stopCluster() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldAnswerOutcomeUnknownWhenNoReplicaAcknowledgedTheWrite() {
        // given: an item whose primary has lost its replica
        List<String> items = stack.onEveryPrimary(n -> "lonely-" + n, TestData.KEYS::item);
        String item = items.get(items.size() - 1);
        TestData.openItem(stack.probe(), TestData.KEYS.item(item));
        String john = TestData.basic("john", "12345");
        // (a replica still catching up, after another test's failover, acknowledges nothing yet)
        assertEquals(201, bidUntilCreated(item, john));
        RedisServer owner = stack.ownerOf(HashSlots.slot(TestData.KEYS.item(item)));
        RedisServer replica = replicaOf(owner);
        int before;
        try (RedisProbe primary = new RedisProbe(owner.uri())) {
            before = primary.list(TestData.KEYS.itemBids(item)).size();
        }
        replica.kill();
        try {
            // when
            HttpResponse<String> unconfirmed = stack.acceptor().bid(item, "{\"amount\": 2}", john);

            // then: on the primary, but not answered as recorded
            assertEquals(504, unconfirmed.statusCode(), unconfirmed.body());
            assertEquals("outcome_unknown", new JsonObject(unconfirmed.body()).getString("error"));
            try (RedisProbe primary = new RedisProbe(owner.uri())) {
                assertEquals(before + 1, primary.list(TestData.KEYS.itemBids(item)).size());
            }
        } finally {
            replica.start();
        }
        // and once the replica is back, writes are answered again
        assertEquals(201, bidUntilCreated(item, john));
    }

    /** Bids until one is answered 201 or {@link #RECOVERY_BOUND} is over; the last status. */
    private static int bidUntilCreated(String item, String credentials) {
        Instant deadline = Instant.now().plus(RECOVERY_BOUND);
        int status;
        do {
            status = stack.acceptor().bid(item, "{\"amount\": 3}", credentials).statusCode();
        } while (status != 201 && Instant.now().isBefore(deadline));
        return status;
    }

    @Test
    void shouldKeepEveryAcknowledgedBidWhenAPrimaryIsKilledAndItsReplicaPromoted() throws Exception {
        // given: bids flowing on one item from 4 threads
        String item = "failing-over";
        String itemKey = TestData.KEYS.item(item);
        TestData.openItem(stack.probe(), itemKey);
        RedisServer primary = stack.ownerOf(HashSlots.slot(itemKey));
        RedisServer replica = replicaOf(primary);
        try (BidLoad load = BidLoad.start(stack.acceptor(), item, 4)) {
            load.awaitMore(50, Duration.ofSeconds(20));

            // when: the primary dies, its replica is promoted, and the old primary comes back as the new one's
            // replica (until then no replica can acknowledge a write, and every write is 504)
            primary.kill();
            Instant killedAt = Instant.now();
            Instant deadline = killedAt.plus(RECOVERY_BOUND);
            awaitPromotion(replica, deadline);
            primary.start();
            while (!load.acknowledgedAfter(killedAt) && Instant.now().isBefore(deadline)) {
                sleep(50);
            }
            assertTrue(load.acknowledgedAfter(killedAt), "no bid succeeded within " + RECOVERY_BOUND + " of the kill");
            load.awaitMore(50, Duration.ofSeconds(20));
            load.close();

            // then: the replica serves the slot, nothing acknowledged is lost
            assertEquals(replica.port(), stack.ownerOf(HashSlots.slot(itemKey)).port());
            assertAllKept(item, load);
        }
        HttpResponse<String> health = stack.acceptor().get("/acceptor/health");
        assertEquals(200, health.statusCode(), health.body());
    }

    @Test
    void shouldKeepEveryAcknowledgedBidThroughAManualFailover() throws Exception {
        // given: bids flowing on one item from 4 threads
        String item = "handing-over";
        String itemKey = TestData.KEYS.item(item);
        TestData.openItem(stack.probe(), itemKey);
        RedisServer primary = stack.ownerOf(HashSlots.slot(itemKey));
        RedisServer replica = replicaOf(primary);
        try (BidLoad load = BidLoad.start(stack.acceptor(), item, 4)) {
            load.awaitMore(50, Duration.ofSeconds(20));

            // when: the replica takes over (the old primary answers MOVED from then on)
            try (RedisProbe probe = new RedisProbe(replica.uri())) {
                probe.call("CLUSTER", "FAILOVER");
            }
            awaitPromotion(replica, Instant.now().plus(RECOVERY_BOUND));
            load.awaitMore(50, Duration.ofSeconds(20));
            load.close();

            // then
            assertEquals(replica.port(), stack.ownerOf(HashSlots.slot(itemKey)).port());
            assertAllKept(item, load);
        }
    }

    @Test
    void shouldSendWritesToTheReplicaPromotedInPlaceOfAFrozenPrimary() throws Exception {
        // given: bids flowing on one item from 4 threads
        String item = "frozen-over";
        String itemKey = TestData.KEYS.item(item);
        TestData.openItem(stack.probe(), itemKey);
        RedisServer primary = stack.ownerOf(HashSlots.slot(itemKey));
        RedisServer replica = replicaOf(primary);
        try (BidLoad load = BidLoad.start(stack.acceptor(), item, 4)) {
            load.awaitMore(50, Duration.ofSeconds(20));

            // when: the primary stops answering without closing a connection, and its replica is promoted
            Signals.freeze(primary.pid());
            try {
                Instant deadline = Instant.now().plus(RECOVERY_BOUND);
                awaitPromotion(replica, deadline);

                // then: writes reach the new primary while the old one is still frozen (each answered 504, as
                // no replica of the new primary can acknowledge it yet)
                try (RedisProbe promoted = new RedisProbe(replica.uri())) {
                    long atPromotion = promoted.number("LLEN", TestData.KEYS.itemBids(item));
                    while (promoted.number("LLEN", TestData.KEYS.itemBids(item)) == atPromotion) {
                        assertTrue(Instant.now().isBefore(deadline), "no write reached the promoted replica within "
                                + RECOVERY_BOUND + " of the freeze");
                        sleep(50);
                    }
                }
            } finally {
                Signals.thaw(primary.pid());
            }
            // and once the old primary is back as a replica, writes are answered 201 again
            load.awaitMore(20, RECOVERY_BOUND);
            load.close();
            assertAllKept(item, load);
        }
    }

    /** Only 201, 503 and 504; the bid list without a gap in seq; every acknowledged bid in it. */
    private static void assertAllKept(String item, BidLoad load) {
        Set<Integer> seen = new HashSet<>(load.statuses());
        seen.removeAll(Set.of(201, 503, 504));
        assertEquals(Set.of(), seen, "only 201, 503 and 504 are expected");
        List<String> recorded = stack.probe().list(TestData.KEYS.itemBids(item));
        for (int i = 0; i < recorded.size(); i++) {
            assertTrue(recorded.get(i).startsWith((i + 1) + "|"), "seq has a gap at " + recorded.get(i));
        }
        for (String bid : load.acknowledged()) {
            int seq = Integer.parseInt(bid.substring(0, bid.indexOf('|')));
            assertTrue(seq <= recorded.size() && recorded.get(seq - 1).startsWith(bid),
                    "acknowledged bid " + bid + " is not in the bid list");
        }
    }

    private static void awaitPromotion(RedisServer replica, Instant deadline) {
        try (RedisProbe probe = new RedisProbe(replica.uri())) {
            while (!"master".equals(probe.call("ROLE").get(0).toString())) {
                assertTrue(Instant.now().isBefore(deadline), "the replica was not promoted within " + RECOVERY_BOUND);
                sleep(50);
            }
        }
    }

    /** The node that ROLE says replicates the primary. */
    private static RedisServer replicaOf(RedisServer primary) {
        for (RedisServer node : stack.cluster().nodes()) {
            if (node == primary || !node.isRunning()) {
                continue;
            }
            try (RedisProbe probe = new RedisProbe(node.uri())) {
                Response role = probe.call("ROLE");
                if ("slave".equals(role.get(0).toString()) && role.get(2).toInteger() == primary.port()) {
                    return node;
                }
            }
        }
        throw new IllegalStateException("no replica of the primary on port " + primary.port());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
