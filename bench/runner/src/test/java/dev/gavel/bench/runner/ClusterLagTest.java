package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.testkit.Eventually;
import dev.gavel.testkit.RedisCluster;
import dev.gavel.testkit.RedisServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The lags and the AOF rewrite count of a stack whose Redis is a real 3-primary Redis Cluster: each
 * primary holds only its own partitions' streams (SCAN answers per node), so every primary is asked
 * and the answers combined. The tags {p3}, {p2} and {p1} hash to slots 3689, 7752 and 11819: one on
 * each primary of the even split redis-cli gives three primaries.
 */
class ClusterLagTest {

    private static final List<String> STREAMS = List.of("gavel:{p3}:events", "gavel:{p2}:events", "gavel:{p1}:events");

    private static RedisCluster cluster;
    private static List<Integer> primaries;

    @BeforeAll
    static void startCluster() {
        cluster = RedisCluster.start(3, 0);
        primaries = cluster.nodes().stream().map(RedisServer::port).toList();
    }

    @AfterAll
    static void stopCluster() {
        cluster.close();
    }

    @BeforeEach
    void emptyEveryNode() {
        cluster.nodes().forEach(RedisServer::flushAll);
    }

    @Test
    void shouldTakeTheArchiveLagOfTheWorstPrimary() throws IOException {
        // given one partition stream on each primary, the archiver up to date on two and 6 s behind on the third
        long now = nowMillis();
        for (String stream : STREAMS) {
            cli("XGROUP", "CREATE", stream, "archiver", "$", "MKSTREAM");
        }
        cli("XADD", STREAMS.get(0), (now - 500) + "-0", "type", "bid");
        cli("XADD", STREAMS.get(1), (now - 6000) + "-0", "type", "bid");
        cli("XADD", STREAMS.get(2), (now - 300) + "-0", "type", "bid");
        cli("XREADGROUP", "GROUP", "archiver", "c1", "STREAMS", STREAMS.get(0), ">");
        assertOneStreamOnEachPrimary();

        // when
        ArchiveLag lag = ArchiveLag.measure(primaries).orElseThrow();

        // then the lagging primary decides, and every primary's streams and entries count
        assertTrue(lag.seconds() >= 5.9 && lag.seconds() < 9, "lag " + lag.seconds());
        assertEquals(3, lag.streams());
        assertEquals(3, lag.behind());
    }

    @Test
    void shouldTellNoArchiveLagWhenNoPrimaryArchives() throws IOException {
        for (String stream : STREAMS) {
            cli("XADD", stream, "*", "type", "bid");
        }

        assertTrue(ArchiveLag.measure(primaries).isEmpty());
    }

    @Test
    void shouldTakeTheDerivedLagOfTheWorstPrimary() throws IOException {
        // given every partition derived, except 3 s of the one on the second primary
        long now = nowMillis();
        for (String stream : STREAMS) {
            String id = cli("XADD", stream, (now - 8000) + "-0", "type", "bid");
            cli("HSET", stream.replace(":events", ":derived"), "applied", id);
        }
        cli("XADD", STREAMS.get(1), (now - 3000) + "-0", "type", "bid");
        assertOneStreamOnEachPrimary();

        // when
        List<RedisClient> nodes = new ArrayList<>();
        try {
            for (int port : primaries) {
                nodes.add(RedisClient.connect(port));
            }
            double lag = DerivedLagSampler.lagSeconds(nodes);

            // then
            assertTrue(lag >= 2.9 && lag < 6, "lag " + lag);
        } finally {
            for (RedisClient node : nodes) {
                node.close();
            }
        }
    }

    @Test
    void shouldSampleEveryPrimaryWhileTheLoadRuns() throws IOException {
        // given a partition on the third primary that has not been derived for 4 s
        cli("XADD", STREAMS.get(2), (nowMillis() - 4000) + "-0", "type", "bid");

        // when
        DerivedLagSampler sampler = DerivedLagSampler.start(primaries);
        Eventually.await(() -> sampler.p99() > 0);
        sampler.close();

        // then
        assertTrue(sampler.p99() >= 3.9, "p99 " + sampler.p99());
    }

    @Test
    void shouldSumTheAofRewritesOfEveryPrimary() {
        // given rewrites on two of the three primaries during the run
        AofRewrites.Count before = AofRewrites.count(primaries, 0);
        for (int port : primaries.subList(1, 3)) {
            long done = AofRewrites.stat(port, "aof_rewrites").orElseThrow();
            call(port, "BGREWRITEAOF");
            Eventually.await(() -> AofRewrites.stat(port, "aof_rewrites").orElse(0L) > done);
        }

        // when
        AofRewrites rewrites = AofRewrites.since(before, primaries, 0);

        // then
        assertEquals(2, rewrites.stack());
        assertEquals(0, rewrites.reference());
        assertTrue(rewrites.lastForkMs() > 0, "fork " + rewrites.lastForkMs());
    }

    private static void assertOneStreamOnEachPrimary() throws IOException {
        for (int port : primaries) {
            try (RedisClient node = RedisClient.connect(port)) {
                assertEquals(1, ArchiveLag.streams(node).size(), "streams on the primary at " + port);
            }
        }
    }

    /** A command sent to the cluster as a client would send it (redis-cli -c follows the redirect to the key's primary). */
    private static String cli(String... args) {
        List<String> command = new ArrayList<>(List.of("-c"));
        command.addAll(List.of(args));
        String output = cluster.cli(command.toArray(String[]::new)).trim();
        if (output.startsWith("(error)") || output.startsWith("ERR")) {
            throw new IllegalStateException(String.join(" ", args) + ": " + output);
        }
        return output;
    }

    private static long nowMillis() throws IOException {
        try (RedisClient node = RedisClient.connect(primaries.get(0))) {
            return ArchiveLag.nowMillis(node);
        }
    }

    private static Object call(int port, String... args) {
        try (RedisClient node = RedisClient.connect(port)) {
            return node.call(args);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
