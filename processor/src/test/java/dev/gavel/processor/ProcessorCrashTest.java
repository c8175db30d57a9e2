package dev.gavel.processor;

import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.processor.stream.ConsumerGroup;
import io.lettuce.core.Consumer;
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

import static dev.gavel.testkit.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Processors on stores of their own: one stopped dead between making a batch durable and acknowledging
 * it, a consumer that read entries and vanished, and instances sharing the work. Every event ends up
 * archived exactly once.
 */
class ProcessorCrashTest {

    private static final int PARTITIONS = 4;

    private final RedisKeys keys = new RedisKeys(new Partitioner(PARTITIONS));
    private final List<Processor> processors = new ArrayList<>();
    private TestStores stores;
    private RedisCommands<String, String> redis;

    @BeforeEach
    void startStores() {
        stores = new TestStores();
        redis = stores.redis();
    }

    @AfterEach
    void stopEverything() {
        processors.forEach(Processor::close);
        stores.close();
    }

    @Test
    void shouldArchiveEverythingExactlyOnceAfterAProcessorDiesMidBatch() {
        // given
        String item = stores.newItem("crash");
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
        List<?> ghostRead = redis.xreadgroup(Consumer.from(ConsumerGroup.GROUP, "ghost"), XReadArgs.Builder.count(50),
                XReadArgs.StreamOffset.lastConsumed(eventsKey(item)));
        assertEquals(50, ghostRead.size());

        // when
        start("rescuer", BatchApplier.Checkpoint.NONE);

        // then
        await(() -> archivedSeqs(item).size() == 300 && redis.xpending(eventsKey(item), ConsumerGroup.GROUP).getCount() == 0);
        List<Long> seqs = archivedSeqs(item);
        assertEquals(300, new HashSet<>(seqs).size(), "an event was archived twice");
        Document doc = stores.itemDoc(item);
        assertEquals(300L, doc.get("bid_count", Number.class).longValue());
        Document winning = doc.get("winning_bid", Document.class);
        assertEquals(150L, winning.get("seq", Number.class).longValue());
        assertEquals(1000L, winning.get("amount_cents", Number.class).longValue());
        await(() -> redis.xlen(eventsKey(item)) == 0);
    }

    @Test
    void shouldApplyItsOwnPendingEntriesAtOnceWhenRestartedUnderTheSameName() {
        // given: a processor killed between making a batch durable and acknowledging it
        String item = stores.newItem("restart");
        for (int seq = 1; seq <= 30; seq++) {
            bid(item, seq, seq);
        }
        CountDownLatch stuck = new CountDownLatch(1);
        Processor killed = Processor.start(longClaimIdle("processor-1"), new SimpleMeterRegistry(), (partition, batch) -> {
            stuck.countDown();
            throw new IllegalStateException("killed");
        });
        await(() -> stuck.getCount() == 0);
        killed.close();
        long pending = redis.xpending(eventsKey(item), ConsumerGroup.GROUP).getCount();
        assertTrue(pending > 0, "nothing was left pending");

        // when: it comes back under its name; no other consumer would claim its entries for a minute
        start(longClaimIdle("processor-1"));

        // then
        await(() -> redis.xpending(eventsKey(item), ConsumerGroup.GROUP).getCount() == 0 && archivedSeqs(item).size() == 30);
        assertEquals(30, new HashSet<>(archivedSeqs(item)).size());
    }

    @Test
    void shouldShareTheWorkBetweenInstancesAndArchiveEachEventOnce() {
        // given
        // Entry ids, not calls: on a loaded machine a batch can outlast the 300 ms claim idle and be
        // applied by both (harmlessly: the archive is idempotent).
        Set<String> first = ConcurrentHashMap.newKeySet();
        Set<String> second = ConcurrentHashMap.newKeySet();
        start("first", (partition, batch) -> batch.forEach(entry -> first.add(partition + "/" + entry.getId())));
        start("second", (partition, batch) -> batch.forEach(entry -> second.add(partition + "/" + entry.getId())));
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            items.add(stores.newItem("shared"));
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
            assertEquals(150L, stores.itemDoc(item).get("bid_count", Number.class).longValue());
        }
        Set<String> archived = new HashSet<>(first);
        archived.addAll(second);
        assertEquals(1200, archived.size());
        assertTrue(!first.isEmpty() && !second.isEmpty(),
                "one instance did all the work: " + first.size() + " / " + second.size());
    }

    @Test
    void shouldForgetAConsumerThatDiedOnceItsEntriesAreClaimedAndItStaysIdle() {
        // given: a consumer that read entries and vanished, and a live processor
        String item = stores.newItem("ghost");
        for (int seq = 1; seq <= 10; seq++) {
            bid(item, seq, seq);
        }
        redis.xgroupCreate(XReadArgs.StreamOffset.from(eventsKey(item), "0"), ConsumerGroup.GROUP);
        List<?> ghostRead = redis.xreadgroup(Consumer.from(ConsumerGroup.GROUP, "ghost"), XReadArgs.Builder.count(10),
                XReadArgs.StreamOffset.lastConsumed(eventsKey(item)));
        assertEquals(10, ghostRead.size());
        start("survivor", BatchApplier.Checkpoint.NONE);

        // when / then: its entries are claimed and archived, then it leaves the group; the survivor stays
        await(() -> archivedSeqs(item).size() == 10);
        await(() -> !consumerNames(item).contains("ghost"));
        assertTrue(consumerNames(item).contains("survivor"), "the live processor was removed: " + consumerNames(item));
        assertEquals(10, new HashSet<>(archivedSeqs(item)).size());
    }

    @Test
    void shouldRecreateTheGroupsAndGoOnWhenRedisLostItsData() {
        // given
        String item = stores.newItem("flushed");
        start("survivor", BatchApplier.Checkpoint.NONE);
        bid(item, 1, 100);
        await(() -> archivedSeqs(item).size() == 1);

        // when: Redis comes back empty (no AOF), groups and streams gone
        redis.flushall();
        bid(item, 2, 200);

        // then
        await(() -> archivedSeqs(item).size() == 2);
    }

    private List<String> consumerNames(String item) {
        List<String> names = new ArrayList<>();
        for (Object consumer : redis.xinfoConsumers(eventsKey(item), ConsumerGroup.GROUP)) {
            List<?> fields = (List<?>) consumer;
            names.add(String.valueOf(fields.get(fields.indexOf("name") + 1)));
        }
        return names;
    }

    private ProcessorConfig longClaimIdle(String name) {
        return ProcessorConfig.fromEnvironment(Map.of("GAVEL_REDIS_URL", stores.redisServer.uri(),
                "MONGODB_URI", stores.mongoServer.connectionString("gavel"), "GAVEL_PARTITIONS", Integer.toString(PARTITIONS),
                "GAVEL_PROCESSOR_BATCH", "20", "GAVEL_PROCESSOR_POLL_MS", "5", "GAVEL_PROCESSOR_CLAIM_IDLE_MS", "60000",
                "GAVEL_PROCESSOR_CONSUMER", name, "GAVEL_STREAM_KEEP_SECONDS", "0"));
    }

    private void start(ProcessorConfig config) {
        processors.add(Processor.start(config, new SimpleMeterRegistry()));
    }

    private void start(String name, BatchApplier.Checkpoint checkpoint) {
        processors.add(Processor.start(stores.config(PARTITIONS, name), new SimpleMeterRegistry(), checkpoint));
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
        for (Document event : stores.mongo().getCollection("events").find(new Document("item", item))) {
            seqs.add(event.get("seq", Number.class).longValue());
        }
        return seqs;
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
