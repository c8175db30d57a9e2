package dev.gavel.processor;

import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.processor.stream.ConsumerGroup;
import dev.gavel.testkit.StreamFields;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.gavel.testkit.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A running processor fed with stream entries laid out as docs/redis-layout.md says. */
class ProcessorArchiveTest {

    private static final int PARTITIONS = 16;
    private static final TestStores STORES = new TestStores();
    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();
    private static final Processor PROCESSOR = Processor.start(STORES.config(PARTITIONS, "archive-test"), METERS);

    private final RedisCommands<String, String> redis = STORES.redis();
    private final RedisKeys keys = new RedisKeys(new Partitioner(PARTITIONS));

    @AfterAll
    static void stop() {
        PROCESSOR.close();
        STORES.close();
    }

    @Test
    void shouldArchiveBidsAndUpdateTheItemDocumentWithinASecond() {
        // given
        String item = STORES.newItem("arch");
        long ts = MicroTime.nowMicros();

        // when
        Instant written = Instant.now();
        bid(item, 1, "john", 500, ts);
        bid(item, 2, "otto", 700, ts + 1);
        bid(item, 3, "john", 700, ts + 2);
        await(() -> events(item).size() == 3 && bidCount(item) == 3);

        // then
        assertTrue(Duration.between(written, Instant.now()).toMillis() < 1000, "archived too late");
        List<Document> events = events(item);
        assertEquals(List.of("bid:" + item + ":1", "bid:" + item + ":2", "bid:" + item + ":3"),
                events.stream().map(event -> event.getString("_id")).toList());
        Document second = events.get(1);
        assertEquals("otto", second.getString("user"));
        assertEquals(700L, second.get("amount_cents", Number.class).longValue());
        assertEquals(ts + 1, second.get("ts_us", Number.class).longValue());
        assertEquals(keys.partitionOf(item), second.get("partition", Number.class).intValue());
        Document winning = STORES.itemDoc(item).get("winning_bid", Document.class);
        assertEquals("otto", winning.getString("user"));
        assertEquals(700L, winning.get("amount_cents", Number.class).longValue());
        await(() -> redis.xlen(keys.eventsOf(item)) == 0);
        assertTrue(METERS.get("gavel.archive.events").counter().count() >= 3);
    }

    @Test
    void shouldArchiveImpressionsAndCertificatesWithTheirFields() {
        // given
        String item = STORES.newItem("imp");
        long ts = MicroTime.nowMicros();
        redis.xadd(keys.eventsOf(item), StreamFields.of("type", "impression", "event_id", "impression:" + item + ":1", "ts_us",
                Long.toString(ts), "item", item, "user", "john", "sdk_version", "1.2", "platform", "ios",
                "country", "", "session_id", "s-1"));
        String cls = TestStores.unique("C").replace("-", "");
        redis.xadd(keys.eventsOf(cls), StreamFields.of("type", "certificate",
                "event_id", "certificate:" + cls + "-1", "ts_us", Long.toString(ts), "cert_id", cls + "-1",
                "class", cls, "number", "1", "stakeholder", "Salt Bae", "amount", "10", "user", "admin"));

        // when
        await(() -> archived("impression:" + item + ":1") != null && archived("certificate:" + cls + "-1") != null);

        // then
        Document impression = archived("impression:" + item + ":1");
        assertEquals("ios", impression.getString("platform"));
        assertEquals("1.2", impression.getString("sdk_version"));
        assertEquals("", impression.getString("country"));
        Document certificate = archived("certificate:" + cls + "-1");
        assertEquals("Salt Bae", certificate.getString("stakeholder"));
        assertEquals(10L, certificate.get("amount", Number.class).longValue());
        assertEquals(cls, certificate.getString("class"));
        assertEquals(1L, certificate.get("number", Number.class).longValue());
    }

    @Test
    void shouldArchiveWhetherEachBidWasAutomaticAndNeverACeiling() {
        // given: a bid before maximum bids existed (no auto field), otto's bid, and the automatic bid the
        // system placed for john, as bid.lua writes them; one carries a stray ceiling field, which no
        // entry should ever hold and the archive must not copy
        String item = STORES.newItem("auto");
        long ts = MicroTime.nowMicros();
        bid(item, 1, "john", 500, ts);
        bidV2(item, 2, "otto", 600, ts + 1, "0", "max_amount_cents", "987654");
        bidV2(item, 3, "john", 700, ts + 1, "1");
        String key = keys.eventsOf(item);
        String bad = redis.xadd(key, StreamFields.of("type", "bid", "v", "2", "event_id", "bid:" + item + ":4",
                "item", item, "user", "otto", "amount_cents", "800", "seq", "4", "ts_us", Long.toString(ts + 2),
                "auto", "yes"));

        // when
        await(() -> events(item).size() == 3 && deadLetters(item).size() == 1);

        // then
        assertEquals(false, archived("bid:" + item + ":1").get("auto"));
        assertEquals(false, archived("bid:" + item + ":2").get("auto"));
        Document automatic = archived("bid:" + item + ":3");
        assertEquals(true, automatic.get("auto"));
        assertEquals("john", automatic.getString("user"));
        assertEquals(700L, automatic.get("amount_cents", Number.class).longValue());
        for (Document event : events(item)) {
            assertEquals(Set.of("_id", "type", "ts_us", "item", "user", "amount_cents", "seq", "auto", "partition",
                    "stream_id"),
                    event.keySet(), event.toJson());
            assertFalse(event.toJson().contains("987654"), event.toJson());
        }
        assertEquals(bad, deadLetters(item).get(0).getBody().get("stream_id"));
        assertTrue(deadLetters(item).get(0).getBody().get("reason").contains("auto"));
    }

    @Test
    void shouldArchiveABidThatExtendedTheItemAndDisplacedItsLeaderWithTheUsualFieldsOnly() {
        // given: bid.lua's entries since the live streams: otto's bid took the lead from john and moved the
        // closing time, then the automatic bid the system placed for otto, which leaves both fields empty
        String item = STORES.newItem("live");
        long ts = MicroTime.nowMicros();
        String key = keys.eventsOf(item);
        redis.xadd(key, StreamFields.of("type", "bid", "v", "2", "event_id", "bid:" + item + ":2", "item", item,
                "user", "otto", "amount_cents", "600", "seq", "2", "ts_us", Long.toString(ts), "sdk_version", "",
                "platform", "", "country", "", "session_id", "", "auto", "0", "price_cents", "600", "leading", "1",
                "closes_at_us", Long.toString(ts + 90_000_000L), "displaced", "john"));
        redis.xadd(key, StreamFields.of("type", "bid", "v", "2", "event_id", "bid:" + item + ":3", "item", item,
                "user", "otto", "amount_cents", "700", "seq", "3", "ts_us", Long.toString(ts), "sdk_version", "",
                "platform", "", "country", "", "session_id", "", "auto", "1", "price_cents", "700", "leading", "1",
                "closes_at_us", "", "displaced", ""));

        // when
        await(() -> events(item).size() == 2);

        // then: both archived, the new fields (for the live streams) not copied, nothing dead-lettered
        for (Document event : events(item)) {
            assertEquals(Set.of("_id", "type", "ts_us", "item", "user", "amount_cents", "seq", "auto", "partition",
                    "stream_id"), event.keySet(), event.toJson());
        }
        assertEquals(true, archived("bid:" + item + ":3").get("auto"));
        assertEquals(List.of(), deadLetters(item));
    }

    @Test
    void shouldDeadLetterPoisonEntriesOnceAndArchiveTheValidOnesAfterThem() {
        // given
        String item = STORES.newItem("poison");
        long ts = MicroTime.nowMicros();
        String key = keys.eventsOf(item);
        bid(item, 1, "john", 100, ts);
        String poison = redis.xadd(key, StreamFields.of("type", "bid", "event_id", "bid:" + item + ":2", "ts_us", "yesterday",
                "item", item, "user", "john", "amount_cents", "1", "seq", "2"));
        String unknown = redis.xadd(key, StreamFields.of("type", "teleport", "event_id", "x:" + item, "ts_us", "1"));
        String missing = redis.xadd(key, StreamFields.of("type", "bid", "event_id", "bid:" + item + ":9", "ts_us", "1",
                "item", item));
        String mismatch = redis.xadd(key, StreamFields.of("type", "bid", "event_id", "bid:" + item + ":7", "ts_us", "1",
                "item", item, "user", "john", "amount_cents", "1", "seq", "8"));
        bid(item, 2, "otto", 200, ts + 1);
        bid(item, 3, "john", 300, ts + 2);

        // when
        await(() -> events(item).size() == 3 && deadLetters(item).size() == 4);

        // then
        await(() -> redis.xlen(key) == 0);
        Map<String, String> reasons = new LinkedHashMap<>();
        for (StreamMessage<String, String> letter : deadLetters(item)) {
            reasons.put(letter.getBody().get("stream_id"), letter.getBody().get("reason"));
        }
        assertTrue(reasons.get(poison).contains("ts_us"), reasons.toString());
        assertTrue(reasons.get(unknown).contains("unknown type"), reasons.toString());
        assertTrue(reasons.get(missing).contains("missing field"), reasons.toString());
        assertTrue(reasons.get(mismatch).contains("does not match"), reasons.toString());
        Document original = Document.parse(deadLetters(item).get(0).getBody().get("fields"));
        assertEquals("yesterday", original.getString("ts_us"));
        assertEquals(0, redis.xpending(key, ConsumerGroup.GROUP).getCount());
        assertEquals(4.0, METERS.get("gavel.archive.dead.letters").counter().count(), 0.0);
    }

    private void bid(String item, int seq, String user, long cents, long ts) {
        redis.xadd(keys.eventsOf(item), StreamFields.of("type", "bid", "event_id", "bid:" + item + ":" + seq, "item", item,
                "user", user, "amount_cents", Long.toString(cents), "seq", Integer.toString(seq), "ts_us", Long.toString(ts)));
    }

    /** A bid entry of format 2, as bid.lua appends it, with {@code extra} fields after its own. */
    private void bidV2(String item, int seq, String user, long cents, long ts, String auto, String... extra) {
        List<String> fields = new ArrayList<>(List.of("type", "bid", "v", "2", "event_id", "bid:" + item + ":" + seq,
                "item", item, "user", user, "amount_cents", Long.toString(cents), "seq", Integer.toString(seq),
                "ts_us", Long.toString(ts), "sdk_version", "", "platform", "", "country", "", "session_id", "",
                "auto", auto, "price_cents", Long.toString(cents), "leading", "1", "closes_at_us", "", "displaced", ""));
        fields.addAll(List.of(extra));
        redis.xadd(keys.eventsOf(item), StreamFields.of(fields.toArray(String[]::new)));
    }

    private List<Document> events(String item) {
        return STORES.mongo().getCollection("events").find(new Document("item", item))
                .sort(new Document("ts_us", 1)).into(new ArrayList<>());
    }

    private Document archived(String eventId) {
        return STORES.mongo().getCollection("events").find(new Document("_id", eventId)).first();
    }

    private long bidCount(String item) {
        Number count = STORES.itemDoc(item).get("bid_count", Number.class);
        return count == null ? 0 : count.longValue();
    }

    /** This item's partition's dead letters that came from it. */
    private List<StreamMessage<String, String>> deadLetters(String item) {
        List<StreamMessage<String, String>> mine = new ArrayList<>();
        for (StreamMessage<String, String> letter : redis.xrange(keys.deadLettersOf(item), Range.create("-", "+"))) {
            String fields = letter.getBody().get("fields");
            if (fields.contains(item)) {
                mine.add(letter);
            }
        }
        return mine;
    }
}
