package dev.gavel.query.store;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FormatsTest {

    @Test
    void shouldMatchPartitionTestVectorsOfTheLayout() {
        Partitioner partitioner = new Partitioner(16);

        assertEquals(15, partitioner.partition("999"));
        assertEquals(7, partitioner.partition("CS"));
        assertEquals(5, partitioner.partition("PS"));
        assertEquals(9, partitioner.partition("item-1"));
        assertEquals(3, partitioner.partition("a"));
    }

    @Test
    void shouldWriteAmountsInShortestNumberForm() {
        assertEquals("12.5", Amounts.fromCents(1250).toString());
        assertEquals("12", Amounts.fromCents(1200).toString());
        assertEquals("0", Amounts.fromCents(0).toString());
        assertEquals("0.01", Amounts.fromCents(1).toString());
        assertEquals("1000", Amounts.fromCents(100_000).toString());
        assertEquals("1000000000000", Amounts.fromCents(100_000_000_000_000L).toString());
    }

    @Test
    void shouldWriteTimesWithSixFractionalDigits() {
        assertEquals("2026-11-22T14:41:00.123456Z", Times.format(Times.toMicros(Instant.parse("2026-11-22T14:41:00.123456Z"))));
        assertEquals("1970-01-01T00:00:00.000000Z", Times.format(0));
        assertEquals("2026-11-22T14:41:00.100000Z", Times.format(Instant.parse("2026-11-22T14:41:00.1Z")));
        assertEquals(1_577_836_800_000_001L, Times.toMicros(Instant.parse("2020-01-01T00:00:00.000001999Z")));
    }
}
