package dev.gavel.contract;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SlidingWindowsTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void shouldBlockAKeyAtItsLimitUntilTheOldestEventLeavesTheWindow() {
        // given
        SlidingWindows windows = new SlidingWindows(3, 60 * SECOND, 100);

        // when
        windows.record("bob", 0);
        windows.record("bob", 10 * SECOND);
        long blocked = windows.record("bob", 20 * SECOND);

        // then
        assertEquals(40 * SECOND, blocked);
        assertEquals(1 * SECOND, windows.blockedFor("bob", 59 * SECOND));
        assertEquals(0, windows.blockedFor("bob", 60 * SECOND));
        assertEquals(0, windows.blockedFor("alice", 20 * SECOND));
    }

    @Test
    void shouldKeepNoMoreKeysThanItsBound() {
        SlidingWindows windows = new SlidingWindows(10, 60 * SECOND, 1000);

        for (int i = 0; i < 100_000; i++) {
            windows.record("sprayed-" + i, i);
        }

        assertEquals(1000, windows.size());
    }
}
