package dev.gavel.acceptor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.AcceptorConfig;
import dev.gavel.acceptor.support.ClusterStack;
import dev.gavel.acceptor.support.RedisProbe;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.contract.HashSlots;
import dev.gavel.testkit.RedisServer;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptor with GAVEL_REDIS_WAIT_REPLICAS=1 on a real cluster of 3 primaries with a replica each: a
 * write no replica acknowledged is 504, and a primary killed with SIGKILL under load is replaced by its
 * replica without losing one acknowledged bid.
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
        assertEquals(201, stack.acceptor().bid(item, "{\"amount\": 1}", john).statusCode());
        RedisServer owner = stack.ownerOf(HashSlots.slot(TestData.KEYS.item(item)));
        RedisServer replica = replicaOf(owner);
        replica.kill();
        try {
            // when
            HttpResponse<String> unconfirmed = stack.acceptor().bid(item, "{\"amount\": 2}", john);

            // then: on the primary, but not answered as recorded
            assertEquals(504, unconfirmed.statusCode(), unconfirmed.body());
            assertEquals("outcome_unknown", new JsonObject(unconfirmed.body()).getString("error"));
            try (RedisProbe primary = new RedisProbe(owner.uri())) {
                assertEquals(2, primary.list(TestData.KEYS.itemBids(item)).size());
            }
        } finally {
            replica.start();
        }
        // and once the replica is back, writes are answered again
        Instant deadline = Instant.now().plus(RECOVERY_BOUND);
        int status;
        do {
            status = stack.acceptor().bid(item, "{\"amount\": 3}", john).statusCode();
        } while (status != 201 && Instant.now().isBefore(deadline));
        assertEquals(201, status);
    }

    @Test
    void shouldKeepEveryAcknowledgedBidWhenAPrimaryIsKilledAndItsReplicaPromoted() throws Exception {
        // given: bids flowing on one item from 4 threads
        String item = "failing-over";
        String itemKey = TestData.KEYS.item(item);
        TestData.openItem(stack.probe(), itemKey);
        RedisServer primary = stack.ownerOf(HashSlots.slot(itemKey));
        RedisServer replica = replicaOf(primary);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Instant> killedAt = new AtomicReference<>();
        AtomicReference<Instant> firstAfterKill = new AtomicReference<>();
        ConcurrentLinkedQueue<String> acknowledged = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<Integer> statuses = new ConcurrentLinkedQueue<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> bidders = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            String user = "bidder" + t;
            String credentials = TestData.basic(user, "pw" + t);
            bidders.add(pool.submit(() -> {
                for (int i = 1; !stop.get() && i <= 5_000; i++) {
                    boolean afterKill = killedAt.get() != null;
                    HttpResponse<String> bid = stack.acceptor().bid(item, "{\"amount\": " + i + "}", credentials);
                    statuses.add(bid.statusCode());
                    if (bid.statusCode() == 201) {
                        acknowledged.add(new JsonObject(bid.body()).getLong("seq") + "|" + user + "|");
                        if (afterKill) {
                            firstAfterKill.compareAndSet(null, Instant.now());
                        }
                    } else {
                        sleep(20);
                    }
                }
            }));
        }
        try {
            awaitCount(acknowledged, 50);

            // when: the primary dies, its replica is promoted, and the old primary comes back as the new one's
            // replica (until then no replica can acknowledge a write, and every write is 504)
            primary.kill();
            killedAt.set(Instant.now());
            Instant deadline = killedAt.get().plus(RECOVERY_BOUND);
            awaitPromotion(replica, deadline);
            primary.start();
            while (firstAfterKill.get() == null && Instant.now().isBefore(deadline)) {
                sleep(50);
            }
            int atRecovery = acknowledged.size();
            awaitCount(acknowledged, atRecovery + 50);
        } finally {
            stop.set(true);
            for (Future<?> bidder : bidders) {
                bidder.get();
            }
            pool.shutdownNow();
        }

        // then: the replica serves the slot, writes came back within the bound, nothing acknowledged is lost
        assertTrue(firstAfterKill.get() != null, "no bid succeeded within " + RECOVERY_BOUND + " of the kill");
        assertEquals(replica.port(), stack.ownerOf(HashSlots.slot(itemKey)).port());
        Set<Integer> seen = new HashSet<>(statuses);
        seen.removeAll(Set.of(201, 503, 504));
        assertEquals(Set.of(), seen, "only 201, 503 and 504 are expected");
        List<String> recorded = stack.probe().list(TestData.KEYS.itemBids(item));
        for (int i = 0; i < recorded.size(); i++) {
            assertTrue(recorded.get(i).startsWith((i + 1) + "|"), "seq has a gap at " + recorded.get(i));
        }
        for (String bid : acknowledged) {
            int seq = Integer.parseInt(bid.substring(0, bid.indexOf('|')));
            assertTrue(seq <= recorded.size() && recorded.get(seq - 1).startsWith(bid),
                    "acknowledged bid " + bid + " is not in the bid list");
        }
        HttpResponse<String> health = stack.acceptor().get("/acceptor/health");
        assertEquals(200, health.statusCode(), health.body());
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

    private static void awaitCount(ConcurrentLinkedQueue<String> acknowledged, int count) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
        while (acknowledged.size() < count) {
            assertTrue(Instant.now().isBefore(deadline), "only " + acknowledged.size() + " bids within 20 s");
            sleep(10);
        }
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
