package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.testkit.RedisServer;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The derived views' lag, read from each partition's mark and the first entry after it. */
class DerivedLagSamplerTest {

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
    void shouldMeasureTheAgeOfTheFirstEntryAfterTheMark() throws IOException {
        // given: partition 0 derived up to an entry 9 s old, the next one 4 s old; partition 1 all derived
        try (RedisClient client = RedisClient.connect(redis.port())) {
            long now = nowMillis(client);
            String derived = (String) client.call("XADD", "gavel:{p0}:events", (now - 9000) + "-0", "type", "bid");
            client.call("XADD", "gavel:{p0}:events", (now - 4000) + "-0", "type", "bid");
            client.call("HSET", "gavel:{p0}:derived", "applied", derived);
            String last = (String) client.call("XADD", "gavel:{p1}:events", (now - 7000) + "-0", "type", "bid");
            client.call("HSET", "gavel:{p1}:derived", "applied", last);

            // when
            double lag = DerivedLagSampler.lagSeconds(client);

            // then
            assertTrue(lag >= 3.9 && lag < 6, "lag " + lag);
        }
    }

    @Test
    void shouldCountAStreamWithNoMarkFromItsFirstEntry() throws IOException {
        try (RedisClient client = RedisClient.connect(redis.port())) {
            client.call("XADD", "gavel:{p3}:events", (nowMillis(client) - 2000) + "-0", "type", "bid");

            assertTrue(DerivedLagSampler.lagSeconds(client) >= 1.9);
        }
    }

    @Test
    void shouldReportNoLagWhenEverythingIsDerived() throws IOException {
        try (RedisClient client = RedisClient.connect(redis.port())) {
            String id = (String) client.call("XADD", "gavel:{p2}:events", "*", "type", "bid");
            client.call("HSET", "gavel:{p2}:derived", "applied", id);

            assertEquals(0.0, DerivedLagSampler.lagSeconds(client));
        }
    }

    @Test
    void shouldSampleFromAListedSetOfStreamsWithoutScanningTheKeyspaceAgain() throws IOException {
        // given the streams listed once, as the sampler does every 40 samples
        try (RedisClient client = RedisClient.connect(redis.port())) {
            client.call("XADD", "gavel:{p4}:events", (nowMillis(client) - 3000) + "-0", "type", "bid");
            List<RedisClient> nodes = List.of(client);
            List<List<String>> streams = DerivedLagSampler.streamsOf(nodes);
            long scansBefore = scans(client);

            // when sampling ten times
            double lag = 0;
            for (int i = 0; i < 10; i++) {
                lag = DerivedLagSampler.lagSeconds(nodes, streams);
            }

            // then the lag is read, and Redis ran no SCAN in the writes' queue
            assertTrue(lag >= 2.9, "lag " + lag);
            assertEquals(scansBefore, scans(client));
        }
    }

    private static long scans(RedisClient client) throws IOException {
        String stats = (String) client.call("INFO", "commandstats");
        for (String line : stats.split("\r\n")) {
            if (line.startsWith("cmdstat_scan:calls=")) {
                return Long.parseLong(line.substring("cmdstat_scan:calls=".length(), line.indexOf(',')));
            }
        }
        return 0;
    }

    private static long nowMillis(RedisClient client) throws IOException {
        List<?> time = (List<?>) client.call("TIME");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }
}
