package dev.gavel.processor.stream;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Reading XINFO replies and stream ids, as Redis 7 shapes them. */
class StreamRepliesTest {

    @Test
    void shouldPickOnlyConsumersWithNothingPendingThatWereIdleLongerThanTheLimit() {
        List<Object> reply = List.of(
                List.of("name", "gone", "pending", 0L, "idle", 9000L),
                List.of("name", "busy", "pending", 3L, "idle", 9000L),
                List.of("name", "recent", "pending", 0L, "idle", 100L));

        assertEquals(List.of("gone"), ConsumerGroup.idleConsumers(reply, 3000));
    }

    @Test
    void shouldFindTheGroupsLastDeliveredId() {
        List<Object> reply = List.of(
                List.of("name", "other", "consumers", 1L, "pending", 0L, "last-delivered-id", "5-0"),
                List.of("name", ConsumerGroup.GROUP, "consumers", 2L, "pending", 4L, "last-delivered-id", "1700000000000-3"));

        assertEquals("1700000000000-3", StreamTrimmer.lastDeliveredId(reply));
        assertNull(StreamTrimmer.lastDeliveredId(List.of(reply.get(0))));
    }

    @Test
    void shouldStepToTheNextIdAndReadItsTime() {
        assertEquals("1700000000000-4", StreamIds.after("1700000000000-3"));
        assertEquals(1_700_000_000_000L, StreamIds.millisOf("1700000000000-3"));
        assertEquals(42L, StreamIds.millisOf("42"));
    }
}
