package dev.gavel.bench.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class LiveOptionsTest {

    @Test
    void itemsFromAPrefixAndCount() {
        LiveOptions o = LiveOptions.parse("--stream-url", "http://127.0.0.1:9000", "--bid-url", "http://127.0.0.1:9001/",
                "--item-prefix", "bench-item-", "--item-count", "3", "--subscribers", "10", "--user", "bench-live:pw:x",
                "--out", "/tmp/x.json", "--server-pid", "42");
        assertEquals(List.of("bench-item-1", "bench-item-2", "bench-item-3"), o.items());
        assertEquals(new Target("127.0.0.1", 9001), o.bids());
        assertEquals("bench-live", o.user());
        assertEquals("pw:x", o.password());
        assertEquals(OptionalLong.of(42), o.serverPid());
    }

    @Test
    void onlyLoopbackIsATarget() {
        assertThrows(IllegalArgumentException.class, () -> Target.parse("http://localhost:9000"));
        assertThrows(IllegalArgumentException.class, () -> Target.parse("http://10.0.0.1:9000"));
        assertThrows(IllegalArgumentException.class, () -> Target.parse("https://127.0.0.1:9000"));
    }

    @Test
    void boundsAreEnforced() {
        assertThrows(IllegalArgumentException.class, () -> LiveOptions.parse("--stream-url", "http://127.0.0.1:9000", "--bid-url",
                "http://127.0.0.1:9001", "--items", "a", "--subscribers", "20001", "--user", "u:p", "--out", "/tmp/x"));
        assertThrows(IllegalArgumentException.class, () -> LiveOptions.parse("--stream-url", "http://127.0.0.1:9000", "--bid-url",
                "http://127.0.0.1:9001", "--items", "a", "--subscribers", "5", "--slow", "5", "--user", "u:p", "--out", "/tmp/x"));
        assertThrows(IllegalArgumentException.class, () -> LiveOptions.parse("--stream-url", "http://127.0.0.1:9000", "--bid-url",
                "http://127.0.0.1:9001", "--items", "a", "--subscribers", "5", "--duration", "601", "--user", "u:p", "--out", "/tmp/x"));
    }

    @Test
    void rssParsedFromProcStatus() {
        assertEquals(OptionalLong.of(123456), ServerMemory.parseRssKib("Name:\tjava\nVmRSS:\t  123456 kB\nThreads: 3\n"));
        assertEquals(OptionalLong.empty(), ServerMemory.parseRssKib("Name:\tjava\n"));
    }
}
