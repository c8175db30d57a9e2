package dev.gavel.acceptor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.AcceptorConfig;
import dev.gavel.acceptor.support.BidLoad;
import dev.gavel.acceptor.support.ClusterStack;
import dev.gavel.acceptor.support.RedisProbe;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.contract.HashSlots;
import dev.gavel.testkit.RedisServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The acceptor on a real 3-primary Redis Cluster: writes land on the primary serving their partition, a
 * primary that forgot its scripts gets them again, ASK and TRYAGAIN of a half-moved partition are followed,
 * and a partition moved to another primary while bids flow loses and repeats none of them.
 */
class ClusterHttpTest {

    private static final String JOHN = TestData.basic("john", "12345");
    private static final String ISSUER = TestData.basic("issuer", "issuer-pw");

    private static ClusterStack stack;

    @BeforeAll
    static void startCluster() {
        // A loaded machine must not turn slow answers into 503s: exactness is checked here, not latency.
        stack = ClusterStack.start(3, 0, Map.of(AcceptorConfig.REDIS_TIMEOUT_MS, "5000"));
        TestData.user(stack.probe(), "john", "12345", "1");
        TestData.issuer(stack.probe(), "issuer", "issuer-pw");
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
    void shouldRecordBidsImpressionsAndCertificatesOnEveryPrimary() {
        // given: items and share classes whose partitions are served by three different primaries
        List<String> items = stack.onEveryPrimary(n -> "spread-" + n, TestData.KEYS::item);
        List<String> classes = stack.onEveryPrimary(n -> "CL" + n, TestData.KEYS::shareClass);
        assertEquals(3, items.size());
        assertEquals(3, classes.size());
        items.forEach(item -> TestData.openItem(stack.probe(), TestData.KEYS.item(item)));
        classes.forEach(code -> TestData.shareClass(stack.probe(), TestData.KEYS.shareClass(code), 1000));

        for (String item : items) {
            // when
            HttpResponse<String> first = stack.acceptor().bid(item, "{\"amount\": 1}", JOHN);
            HttpResponse<String> second = stack.acceptor().bid(item, "{\"amount\": 2}", JOHN);
            HttpResponse<String> viewed = stack.acceptor().impression("/items/" + item + "/impressions", JOHN);

            // then
            assertEquals(201, first.statusCode(), first.body());
            assertEquals(201, second.statusCode(), second.body());
            assertEquals(2L, new JsonObject(second.body()).getLong("seq"));
            assertTrue(viewed.statusCode() / 100 == 2, viewed.body());
            assertEquals(2, stack.probe().list(TestData.KEYS.itemBids(item)).size());
            assertEquals("1", stack.probe().text("HGET", TestData.KEYS.item(item), "impressions"));
        }
        for (String code : classes) {
            HttpResponse<String> granted = stack.acceptor().certificate(
                    "{\"name\": \"holder\", \"amount\": 10, \"class\": \"" + code + "\"}", ISSUER, null);
            assertEquals(201, granted.statusCode(), granted.body());
            assertEquals(code + "-1", new JsonObject(granted.body()).getString("cert_id"));
            assertEquals(1, stack.probe().list(TestData.KEYS.certificates(code)).size());
        }
        HttpResponse<String> health = stack.acceptor().get("/acceptor/health");
        assertEquals(200, health.statusCode(), health.body());
    }

    @Test
    void shouldLoadTheScriptAgainOnAPrimaryThatForgotIt() {
        // given
        String item = "forgetful";
        TestData.openItem(stack.probe(), TestData.KEYS.item(item));
        assertEquals(201, stack.acceptor().bid(item, "{\"amount\": 1}", JOHN).statusCode());
        RedisServer owner = stack.ownerOf(HashSlots.slot(TestData.KEYS.item(item)));
        assertEquals("+OK", owner.command("SCRIPT", "FLUSH"));

        // when
        HttpResponse<String> bid = stack.acceptor().bid(item, "{\"amount\": 2}", JOHN);

        // then
        assertEquals(201, bid.statusCode(), bid.body());
        assertEquals(2L, new JsonObject(bid.body()).getLong("seq"));
        assertEquals(2, stack.probe().list(TestData.KEYS.itemBids(item)).size());
    }

    @Test
    void shouldRecordEveryBidExactlyOnceWhileItsPartitionMovesToAnotherPrimary() throws Exception {
        // given: bids flowing on one item from 4 threads
        String item = "moving";
        String itemKey = TestData.KEYS.item(item);
        TestData.openItem(stack.probe(), itemKey);
        int slot = HashSlots.slot(itemKey);
        RedisServer source = stack.ownerOf(slot);
        RedisServer target = stack.cluster().nodes().stream().filter(node -> node != source).findFirst().orElseThrow();
        try (BidLoad load = BidLoad.start(stack.acceptor(), item, 4)) {
            load.awaitMore(40, Duration.ofSeconds(20));

            // when: the slot of the item's partition moves, keys and all, as redis-cli --cluster reshard moves it
            moveSlot(slot, source, target);
            load.awaitMore(40, Duration.ofSeconds(20));
            load.close();

            // then: every bid answered 201, each recorded once, seq without a gap
            assertEquals(target.port(), stack.ownerOf(slot).port());
            assertEquals(Set.of(201), new HashSet<>(load.statuses()));
            List<String> acknowledged = load.acknowledged();
            List<String> recorded = stack.probe().list(TestData.KEYS.itemBids(item));
            assertEquals(acknowledged.size(), recorded.size());
            for (String bid : acknowledged) {
                int seq = Integer.parseInt(bid.substring(0, bid.indexOf('|')));
                assertTrue(recorded.get(seq - 1).startsWith(bid), "bid " + bid + " is not recorded under its seq");
            }
        }
        try (RedisProbe onTarget = new RedisProbe(target.uri())) {
            assertNotEquals(0L, onTarget.number("CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot)));
        }
    }

    @Test
    void shouldFollowAskAndTryAgainWhileAPartitionIsHalfMoved() throws Exception {
        // given: an item whose keys have all left for the target, its slot still migrating
        String item = "asked";
        String itemKey = TestData.KEYS.item(item);
        TestData.openItem(stack.probe(), itemKey);
        assertEquals(201, stack.acceptor().bid(item, "{\"amount\": 1}", JOHN).statusCode());
        int slot = HashSlots.slot(itemKey);
        RedisServer source = stack.ownerOf(slot);
        RedisServer target = stack.cluster().nodes().stream().filter(node -> node != source).findFirst().orElseThrow();
        migrateKeys(slot, source, target);

        // when: an impression touches only keys the target has: the source answers ASK
        HttpResponse<String> viewed = stack.acceptor().impression("/items/" + item + "/impressions", JOHN);

        // then
        assertEquals(202, viewed.statusCode(), viewed.body());

        // when: a bid also names a key that exists nowhere yet (the partition's closing schedule): the target
        // answers TRYAGAIN until the slot is settled, half a second later
        ExecutorService bidder = Executors.newSingleThreadExecutor();
        try {
            Future<HttpResponse<String>> bid = bidder.submit(() -> stack.acceptor().bid(item, "{\"amount\": 2}", JOHN));
            Thread.sleep(500);
            boolean answeredEarly = bid.isDone();
            settleSlot(slot, source, target);

            // then: it waited (nothing ran), and ran once the slot was settled
            assertEquals(false, answeredEarly, "the bid was answered while its slot was half moved");
            assertEquals(201, bid.get().statusCode(), bid.get().body());
            assertEquals(2L, new JsonObject(bid.get().body()).getLong("seq"));
        } finally {
            bidder.shutdownNow();
        }
        try (RedisProbe onTarget = new RedisProbe(target.uri())) {
            assertEquals("1", onTarget.text("HGET", itemKey, "impressions"));
            assertEquals(2, onTarget.list(TestData.KEYS.itemBids(item)).size());
        }
    }

    /** IMPORTING, MIGRATING, MIGRATE in batches, then SETSLOT NODE on every primary (the steps of a reshard). */
    private static void moveSlot(int slot, RedisServer source, RedisServer target) {
        migrateKeys(slot, source, target);
        settleSlot(slot, source, target);
    }

    /** IMPORTING on the target, MIGRATING on the source, and every key of the slot migrated. */
    private static void migrateKeys(int slot, RedisServer source, RedisServer target) {
        String slotText = Integer.toString(slot);
        try (RedisProbe from = new RedisProbe(source.uri()); RedisProbe to = new RedisProbe(target.uri())) {
            String sourceId = from.text("CLUSTER", "MYID");
            String targetId = to.text("CLUSTER", "MYID");
            to.call("CLUSTER", "SETSLOT", slotText, "IMPORTING", sourceId);
            from.call("CLUSTER", "SETSLOT", slotText, "MIGRATING", targetId);
            while (true) {
                List<String> keys = new ArrayList<>();
                from.call("CLUSTER", "GETKEYSINSLOT", slotText, "2").forEach(key -> keys.add(key.toString()));
                if (keys.isEmpty()) {
                    break;
                }
                List<String> migrate = new ArrayList<>(List.of("127.0.0.1", Integer.toString(target.port()), "", "0",
                        "5000", "KEYS"));
                migrate.addAll(keys);
                from.call("MIGRATE", migrate.toArray(String[]::new));
            }
        }
    }

    /** The slot served by the target, told to every primary. */
    private static void settleSlot(int slot, RedisServer source, RedisServer target) {
        String slotText = Integer.toString(slot);
        try (RedisProbe from = new RedisProbe(source.uri()); RedisProbe to = new RedisProbe(target.uri())) {
            String targetId = to.text("CLUSTER", "MYID");
            to.call("CLUSTER", "SETSLOT", slotText, "NODE", targetId);
            from.call("CLUSTER", "SETSLOT", slotText, "NODE", targetId);
            for (RedisServer node : stack.cluster().nodes()) {
                if (node != source && node != target) {
                    try (RedisProbe other = new RedisProbe(node.uri())) {
                        other.call("CLUSTER", "SETSLOT", slotText, "NODE", targetId);
                    }
                }
            }
        }
    }
}
