package dev.gavel.query.archive;

import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.GavelConfig;
import dev.gavel.query.store.MongoStore;
import dev.gavel.query.store.RedisStore;
import dev.gavel.query.support.TestStack;
import dev.gavel.testkit.RedisServer;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

import static dev.gavel.query.archive.ArchiveApiTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Archivers on a Redis of their own (so the running query-api's archiver stays out of it) writing into
 * the shared MongoDB: one stopped dead between writing a batch and acknowledging it, a consumer that read
 * entries and vanished, and instances sharing the work. Every event ends up archived exactly once.
 */
class ArchiverCrashTest {

    private static final int PARTITIONS = 4;

    private final TestStack stack = TestStack.get();
    private final MongoStore mongo = stack.context().getBean(MongoStore.class);
    private final RedisKeys keys = new RedisKeys(new Partitioner(PARTITIONS));
    private final List<Thread> threads = new ArrayList<>();
    private final List<Archiver> archivers = new ArrayList<>();
    private RedisServer redisServer;
    private RedisClient client;
    private RedisCommands<String, String> redis;
    private RedisStore store;

    @BeforeEach
    void startRedis() {
        redisServer = RedisServer.startFresh();
        client = RedisClient.create(redisServer.uri());
        redis = client.connect().sync();
        store = new RedisStore(config(), new SimpleMeterRegistry());
    }

    @AfterEach
    void stopEverything() throws InterruptedException {
        archivers.forEach(Archiver::stop);
        for (Thread thread : threads) {
            thread.interrupt();
            thread.join(5000);
        }
        store.close();
        client.shutdown();
        redisServer.close();
    }

    @Test
    void shouldArchiveEverythingExactlyOnceAfterAnArchiverDiesMidBatch() {
        // given
        String item = newItem();
        for (int seq = 1; seq <= 300; seq++) {
            bid(item, seq, 1000 - Math.abs(150 - seq));
        }
        CountDownLatch stuck = new CountDownLatch(1);
        start("killed", (partition, batch) -> {
            stuck.countDown();
            parkUntilInterrupted();
            throw new IllegalStateException("killed");
        });
        await(() -> stuck.getCount() == 0);
        List<?> ghostRead = redis.xreadgroup(Consumer.from(Archiver.GROUP, "ghost"), XReadArgs.Builder.count(50),
                XReadArgs.StreamOffset.lastConsumed(eventsKey(item)));
        assertEquals(50, ghostRead.size());

        // when
        start("rescuer", (partition, batch) -> { });

        // then
        await(() -> archivedSeqs(item).size() == 300 && redis.xpending(eventsKey(item), Archiver.GROUP).getCount() == 0);
        List<Long> seqs = archivedSeqs(item);
        assertEquals(300, new HashSet<>(seqs).size(), "an event was archived twice");
        Document doc = itemDoc(item);
        assertEquals(300L, doc.get("bid_count", Number.class).longValue());
        Document winning = doc.get("winning_bid", Document.class);
        assertEquals(150L, winning.get("seq", Number.class).longValue());
        assertEquals(1000L, winning.get("amount_cents", Number.class).longValue());
        await(() -> redis.xlen(eventsKey(item)) == 0);
    }

    @Test
    void shouldShareTheWorkBetweenInstancesAndArchiveEachEventOnce() {
        // given
        // Entry ids, not calls: on a loaded machine a batch can outlast the 300 ms claim idle and be
        // archived by both (harmlessly: the archive is idempotent).
        Set<String> first = ConcurrentHashMap.newKeySet();
        Set<String> second = ConcurrentHashMap.newKeySet();
        start("first", (partition, batch) -> batch.forEach(entry -> first.add(partition + "/" + entry.getId())));
        start("second", (partition, batch) -> batch.forEach(entry -> second.add(partition + "/" + entry.getId())));
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            items.add(newItem());
        }

        // when
        for (int seq = 1; seq <= 150; seq++) {
            for (String item : items) {
                bid(item, seq, seq);
            }
        }

        // then
        await(() -> items.stream().allMatch(item -> archivedSeqs(item).size() == 150));
        for (String item : items) {
            assertEquals(150, new HashSet<>(archivedSeqs(item)).size());
            assertEquals(150L, itemDoc(item).get("bid_count", Number.class).longValue());
        }
        Set<String> archived = new HashSet<>(first);
        archived.addAll(second);
        assertEquals(1200, archived.size());
        assertTrue(!first.isEmpty() && !second.isEmpty(),
                "one instance did all the work: " + first.size() + " / " + second.size());
    }

    @Test
    void shouldForgetAConsumerThatDiedOnceItsEntriesAreClaimedAndItStaysIdle() {
        // given: a consumer that read entries and vanished, and a live archiver
        String item = newItem();
        for (int seq = 1; seq <= 10; seq++) {
            bid(item, seq, seq);
        }
        redis.xgroupCreate(XReadArgs.StreamOffset.from(eventsKey(item), "0"), Archiver.GROUP);
        List<?> ghostRead = redis.xreadgroup(Consumer.from(Archiver.GROUP, "ghost"), XReadArgs.Builder.count(10),
                XReadArgs.StreamOffset.lastConsumed(eventsKey(item)));
        assertEquals(10, ghostRead.size());
        start("survivor", (partition, batch) -> { });

        // when / then: its entries are claimed and archived, then it leaves the group; the survivor stays
        await(() -> archivedSeqs(item).size() == 10);
        await(() -> !consumerNames(item).contains("ghost"));
        assertTrue(consumerNames(item).contains("survivor"), "the live archiver was removed: " + consumerNames(item));
        assertEquals(10, new HashSet<>(archivedSeqs(item)).size());
    }

    @Test
    void shouldPickOnlyConsumersWithNothingPendingThatWereIdleLongerThanTheLimit() {
        List<Object> reply = List.of(
                List.of("name", "gone", "pending", 0L, "idle", 9000L),
                List.of("name", "busy", "pending", 3L, "idle", 9000L),
                List.of("name", "recent", "pending", 0L, "idle", 100L));

        assertEquals(List.of("gone"), Archiver.idleConsumers(reply, 3000));
    }

    private List<String> consumerNames(String item) {
        List<String> names = new ArrayList<>();
        for (Object consumer : redis.xinfoConsumers(eventsKey(item), Archiver.GROUP)) {
            List<?> fields = (List<?>) consumer;
            names.add(String.valueOf(fields.get(fields.indexOf("name") + 1)));
        }
        return names;
    }

    private void start(String name, Archiver.Checkpoint checkpoint) {
        GavelConfig config = config();
        Archiver archiver = new Archiver(store, mongo, config, name, new SimpleMeterRegistry(), checkpoint);
        Thread thread = new Thread(archiver, "archiver-" + name);
        thread.setDaemon(true);
        archivers.add(archiver);
        threads.add(thread);
        thread.start();
    }

    private GavelConfig config() {
        GavelConfig config = new GavelConfig();
        config.setRedisUrl(redisServer.uri());
        config.setPartitions(PARTITIONS);
        config.setArchiveBatch(20);
        config.setArchivePollMs(5);
        config.setArchiveClaimIdleMs(300);
        return config;
    }

    private String newItem() {
        String id = TestStack.unique("crash");
        mongo.database().getCollection("items").insertOne(new Document("_id", id).append("title", "crash")
                .append("created_at_us", 1L));
        return id;
    }

    private void bid(String item, int seq, long cents) {
        redis.xadd(eventsKey(item), Map.of("type", "bid", "event_id", "bid:" + item + ":" + seq, "item", item,
                "user", "john", "amount_cents", Long.toString(cents), "seq", Integer.toString(seq),
                "ts_us", Long.toString(1_800_000_000_000_000L + seq)));
    }

    private String eventsKey(String item) {
        return keys.eventsOf(item);
    }

    private List<Long> archivedSeqs(String item) {
        List<Long> seqs = new ArrayList<>();
        for (Document event : mongo.database().getCollection("events").find(new Document("item", item))) {
            seqs.add(event.get("seq", Number.class).longValue());
        }
        return seqs;
    }

    private Document itemDoc(String item) {
        return mongo.database().getCollection("items").find(new Document("_id", item)).first();
    }

    /** Stands still like a process killed at this point, until the test ends and interrupts it. */
    private static void parkUntilInterrupted() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
