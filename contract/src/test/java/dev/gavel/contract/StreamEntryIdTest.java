package dev.gavel.contract;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class StreamEntryIdTest {

    @Test
    void shouldReadTheMillisecondsOfAStreamId() {
        assertEquals(1_700_000_000_123L, StreamEntry.millisOf("1700000000123-4"));
        assertEquals(42L, StreamEntry.millisOf("42"));
    }

    @Test
    void shouldRefuseWhatIsNotAStreamId() {
        assertThrows(NumberFormatException.class, () -> StreamEntry.millisOf("x-1"));
    }
}
