package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.testkit.RedisServer;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ArchiveLagTest {

    private RedisServer redis;

    @BeforeEach
    void startRedis() {
        redis = RedisServer.startFresh();
    }

    @AfterEach
    void stopRedis() {
        redis.close();
    }

    @Test
    void shouldMeasureTheAgeOfTheOldestEntryTheArchiverHasNotRead() throws IOException {
        // given an entry appended 5 s ago that the archiver's group has not read
        group("gavel:{p0}:events");
        add("gavel:{p0}:events", nowMillis() - 5000);

        // when
        ArchiveLag lag = ArchiveLag.measure(List.of(redis.port())).orElseThrow();

        // then
        assertTrue(lag.seconds() >= 4.9 && lag.seconds() < 7, "lag " + lag.seconds());
        assertFalse(lag.sustained());
        assertEquals(1, lag.streams());
    }

    @Test
    void shouldCountAnEntryReadButNotAcknowledgedAsBehind() throws IOException {
        // given an old entry the archiver has read (pending) and a new one it has not
        group("gavel:{p1}:events");
        add("gavel:{p1}:events", nowMillis() - 3000);
        call("XREADGROUP", "GROUP", "archiver", "c1", "COUNT", "1", "STREAMS", "gavel:{p1}:events", ">");
        add("gavel:{p1}:events", nowMillis());

        // when
        ArchiveLag lag = ArchiveLag.measure(List.of(redis.port())).orElseThrow();

        // then the pending one is the oldest, and both are behind
        assertTrue(lag.seconds() >= 2.9, "lag " + lag.seconds());
        assertEquals(2, lag.behind());
    }

    @Test
    void shouldBeSustainedOnceEveryEntryIsAcknowledged() throws IOException {
        // given an old entry read and acknowledged
        group("gavel:{p2}:events");
        String id = add("gavel:{p2}:events", nowMillis() - 10_000);
        call("XREADGROUP", "GROUP", "archiver", "c1", "COUNT", "10", "STREAMS", "gavel:{p2}:events", ">");
        call("XACK", "gavel:{p2}:events", "archiver", id);

        // when
        ArchiveLag lag = ArchiveLag.measure(List.of(redis.port())).orElseThrow();

        // then
        assertEquals(0.0, lag.seconds());
        assertEquals(0, lag.behind());
        assertTrue(lag.sustained());
    }

    @Test
    void shouldTakeTheWorstOfEveryPartitionStream() throws IOException {
        // given a partition that keeps up and one that is 4 s behind
        group("gavel:{p0}:events");
        group("gavel:{p7}:events");
        add("gavel:{p0}:events", nowMillis());
        add("gavel:{p7}:events", nowMillis() - 4000);
        add("gavel:{p7}:deadletter", nowMillis() - 60_000);

        // when
        ArchiveLag lag = ArchiveLag.measure(List.of(redis.port())).orElseThrow();

        // then the dead-letter stream is no partition stream, and p7 decides
        assertEquals(2, lag.streams());
        assertTrue(lag.seconds() >= 3.9 && lag.seconds() < 6, "lag " + lag.seconds());
    }

    @Test
    void shouldTellNoLagWhenNothingArchives() throws IOException {
        // given streams without the archiver group (the archive is off)
        add("gavel:{p0}:events", nowMillis() - 5000);

        // when
        Optional<ArchiveLag> lag = ArchiveLag.measure(List.of(redis.port()));

        // then
        assertTrue(lag.isEmpty());
    }

    private void group(String stream) throws IOException {
        call("XGROUP", "CREATE", stream, "archiver", "0", "MKSTREAM");
    }

    /** Appends an entry whose id says it was written at this time, as XADD * would have then. */
    private String add(String stream, long atMillis) throws IOException {
        return (String) call("XADD", stream, atMillis + "-0", "type", "bid");
    }

    private long nowMillis() throws IOException {
        List<?> time = (List<?>) call("TIME");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }

    private Object call(String... args) throws IOException {
        try (RedisClient client = RedisClient.connect(redis.port())) {
            return client.call(args);
        }
    }
}
