package dev.gavel.processor;

import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.testkit.StreamFields;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.gavel.testkit.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A running processor closes the items of its schedules on the wall clock: each item's
 * {@code item_closed} is appended within 1 s of its {@code closes_at} (never before the current one) and
 * archived with the others.
 */
class ProcessorClosingTest {

    private static final int PARTITIONS = 16;
    private static final TestStores STORES = new TestStores();
    private static final SimpleMeterRegistry METERS = new SimpleMeterRegistry();
    private static final Processor PROCESSOR = Processor.start(STORES.config(PARTITIONS, "closing-test"), METERS);

    private final RedisCommands<String, String> redis = STORES.redis();
    private final RedisKeys keys = new RedisKeys(new Partitioner(PARTITIONS));

    @AfterAll
    static void stop() {
        PROCESSOR.close();
        STORES.close();
    }

    @Test
    void shouldAppendAndArchiveItemClosedWithinASecondOfClosesAt() {
        // given
        String item = TestStores.unique("close");
        long closesAt = MicroTime.nowMicros() + 700_000;
        item(item, closesAt, "lead_user", "otto", "lead_amount_cents", "3000", "price_cents", "2600",
                "rule_reserve_cents", "2500", "seq", "4");

        // when
        await(() -> archived(item) != null);

        // then
        long appendedAt = appendedAtMicros(item);
        assertTrue(appendedAt >= closesAt, "closed " + (closesAt - appendedAt) + " µs early");
        assertTrue(appendedAt - closesAt < 1_000_000, "closed " + (appendedAt - closesAt) + " µs late");
        Document event = archived(item);
        assertEquals("item_closed", event.getString("type"));
        assertEquals(closesAt, event.get("ts_us", Number.class).longValue());
        assertEquals(item, event.getString("item"));
        assertEquals("otto", event.getString("winner"));
        assertEquals(2600L, event.get("price_cents", Number.class).longValue());
        assertEquals(Boolean.TRUE, event.getBoolean("reserve_met"));
        assertEquals("time", event.getString("reason"));
        assertEquals("sold", event.getString("result"));
        assertEquals(keys.partitionOf(item), event.get("partition", Number.class).intValue());
        assertEquals(redis.hget(keys.item(item), "closed_event"), event.getString("stream_id"));
        assertTrue(METERS.get("gavel.items.closed").counter().count() >= 1);
        assertTrue(METERS.get("gavel.items.close.delay").timer().count() >= 1);
    }

    @Test
    void shouldArchiveANoSaleWithNullWinnerPriceAndReserveMet() {
        // given
        String item = TestStores.unique("nosale");

        // when
        item(item, MicroTime.nowMicros() - 1);
        await(() -> archived(item) != null);

        // then
        Document event = archived(item);
        assertTrue(event.containsKey("winner") && event.containsKey("price_cents") && event.containsKey("reserve_met"));
        assertNull(event.get("winner"));
        assertNull(event.get("price_cents"));
        assertNull(event.get("reserve_met"));
        assertEquals("no_sale", event.getString("result"));
    }

    @Test
    void shouldCloseAnItemExtendedAfterItWasScheduledOnlyAtItsNewTime() {
        // given: scheduled to close in 0.6 s; a soft-close bid moves closes_at 1.5 s later (schedule untouched)
        String item = TestStores.unique("extended");
        long first = MicroTime.nowMicros() + 600_000;
        long extended = first + 1_500_000;
        item(item, first, "lead_user", "john", "lead_amount_cents", "100", "price_cents", "100");
        redis.hset(keys.item(item), "closes_at_us", Long.toString(extended));

        // when
        await(() -> archived(item) != null);

        // then
        long appendedAt = appendedAtMicros(item);
        assertTrue(appendedAt >= extended, "an extended item closed " + (extended - appendedAt) + " µs early");
        assertTrue(appendedAt - extended < 1_000_000, "closed " + (appendedAt - extended) + " µs late");
        assertEquals(extended, archived(item).get("ts_us", Number.class).longValue());
    }

    @Test
    void shouldDeadLetterAnItemClosedEntryWithAnInvalidField() {
        // given
        String item = TestStores.unique("badclose");
        String id = redis.xadd(keys.eventsOf(item), StreamFields.of("type", "item_closed", "v", "2",
                "event_id", "item_closed:" + item, "item", item, "ts_us", "1", "winner", "", "price_cents", "",
                "reserve_met", "yes", "reason", "time", "result", "no_sale"));

        // when
        await(() -> deadLetter(item, id) != null);

        // then
        assertTrue(deadLetter(item, id).get("reason").contains("reserve_met"), deadLetter(item, id).toString());
        assertNull(archived(item));
    }

    private void item(String item, long closesAt, String... fields) {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put("title", item);
        hash.put("created_at_us", "1");
        hash.put("closes_at_us", Long.toString(closesAt));
        for (int i = 0; i < fields.length; i += 2) {
            hash.put(fields[i], fields[i + 1]);
        }
        redis.hset(keys.item(item), hash);
        redis.zadd(RedisKeys.closing(keys.partitionOf(item)), closesAt, item);
    }

    private Document archived(String item) {
        return STORES.mongo().getCollection("events").find(new Document("_id", "item_closed:" + item)).first();
    }

    /** When Redis appended the item's item_closed entry: the time part of its stream id (ms). */
    private long appendedAtMicros(String item) {
        String id = redis.hget(keys.item(item), "closed_event");
        return Long.parseLong(id.substring(0, id.indexOf('-'))) * 1000;
    }

    private Map<String, String> deadLetter(String item, String streamId) {
        List<StreamMessage<String, String>> letters = redis.xrange(keys.deadLettersOf(item), Range.create("-", "+"));
        for (StreamMessage<String, String> letter : letters) {
            if (streamId.equals(letter.getBody().get("stream_id"))) {
                return letter.getBody();
            }
        }
        return null;
    }
}
