package dev.gavel.query.live.ops;

import com.sun.net.httpserver.HttpServer;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.StreamEntry;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import dev.gavel.testkit.FreePort;
import dev.gavel.testkit.RedisServer;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * GET /live/operations on a query-api of its own with a redis-server that no processor reads, so the test alone
 * decides what the archive's consumer group has read and acknowledged.
 */
class OperationsStreamApiTest {

    private static final Duration FIRST_EVENT = Duration.ofMillis(900);
    private static final Duration NEXT_EVENT = Duration.ofMillis(2500);

    private final TestStack stack = TestStack.get();
    private RedisServer redisServer;
    private RedisClient client;
    private RedisCommands<String, String> redis;
    private EmbeddedServer server;
    private HttpServer acceptor;

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
        if (client != null) {
            client.shutdown();
        }
        if (redisServer != null) {
            redisServer.close();
        }
        if (acceptor != null) {
            acceptor.stop(0);
        }
    }

    @Test
    void shouldRefuseTheStreamWithoutCredentials() {
        // when
        Response response = stack.get("/live/operations");

        // then
        assertEquals(401, response.status(), response.body());
        assertEquals("Basic realm=\"gavel\"", response.header("WWW-Authenticate"));
        assertEquals("unauthorized", response.json().get("error"));
    }

    @Test
    void shouldRefuseTheStreamToAUserWhoIsNotAnAdmin() {
        // given
        String user = stack.newUser("ops-watcher", "pass-word-1");

        // when
        Response response = stack.get("/live/operations", TestStack.basic(user, "pass-word-1"));

        // then
        assertEquals(403, response.status(), response.body());
        assertEquals("forbidden", response.json().get("error"));
    }

    @Test
    void shouldSendASnapshotAtOnceAndThenOneASecond() {
        // given
        start("");

        // when
        try (SseConnection stream = open()) {
            // then
            assertEquals(200, stream.status());
            assertTrue(stream.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
            assertEquals("no-cache", stream.headers().firstValue("Cache-Control").orElse(null));
            assertEquals("no", stream.headers().firstValue("X-Accel-Buffering").orElse(null));
            SseConnection.Event first = stream.next(FIRST_EVENT);
            assertEquals("operations", first.name());
            Map<String, Object> snapshot = stack.parse(first.data());
            assertEquals(List.of("bids_per_second", "impressions_per_second", "certificates_per_second",
                    "archive_lag_seconds", "acceptors", "hot_items"), List.copyOf(snapshot.keySet()));
            assertEquals(0, ((Number) snapshot.get("bids_per_second")).intValue());
            assertEquals(List.of(), snapshot.get("acceptors"));
            assertEquals(List.of(), snapshot.get("hot_items"));
            long before = System.nanoTime();
            stream.next(NEXT_EVENT);
            stream.next(NEXT_EVENT);
            long twoMore = Duration.ofNanos(System.nanoTime() - before).toMillis();
            assertTrue(twoMore > 1000 && twoMore < 3000, "two more events took " + twoMore + " ms");
        }
    }

    @Test
    void shouldReportTheAgeOfTheOldestEntryTheArchiveHasNotAcknowledged() {
        // given: the archive's group has read an entry of 20 s ago on partition 3 and not acknowledged it
        start("");
        long now = System.currentTimeMillis();
        String stream = RedisKeys.events(3);
        String read = redis.xadd(stream, new XAddArgs().id((now - 20_000) + "-0"), Map.of("type", "bid"));
        redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), StreamEntry.ARCHIVER_GROUP);
        redis.xreadgroup(Consumer.from(StreamEntry.ARCHIVER_GROUP, "test"), XReadArgs.StreamOffset.lastConsumed(stream));

        try (SseConnection operations = open()) {
            // then: about 20 s
            assertLagBetween(operations, 20, 22);

            // when: it is acknowledged, and an entry of 7 s ago on partition 5 was never delivered to the group
            redis.xack(stream, StreamEntry.ARCHIVER_GROUP, read);
            String other = RedisKeys.events(5);
            redis.xadd(other, new XAddArgs().id((now - 7_000) + "-0"), Map.of("type", "bid"));
            redis.xgroupCreate(XReadArgs.StreamOffset.from(other, "0"), StreamEntry.ARCHIVER_GROUP);

            // then
            assertLagEventually(operations, 7, 9);

            // when: the group reads and acknowledges that one too
            var entries = redis.xreadgroup(Consumer.from(StreamEntry.ARCHIVER_GROUP, "test"),
                    XReadArgs.StreamOffset.lastConsumed(other));
            redis.xack(other, StreamEntry.ARCHIVER_GROUP, entries.get(0).getId());

            // then: caught up
            assertLagEventually(operations, 0, 0);
        }
    }

    @Test
    void shouldCountAStreamWithoutTheArchiveGroupAsNotArchived() {
        // given: an entry of 12 s ago on a partition whose stream the processor has never read
        start("");
        redis.xadd(RedisKeys.events(9), new XAddArgs().id((System.currentTimeMillis() - 12_000) + "-0"), Map.of("type", "bid"));

        // when
        try (SseConnection operations = open()) {
            // then
            assertLagBetween(operations, 12, 14);
        }
    }

    @Test
    void shouldReportEachAcceptorsHealthFromItsHealthEndpoint() throws IOException {
        // given: a stand-in for an acceptor's /health (200, then 503 once told), and an address nobody listens on
        AtomicInteger status = new AtomicInteger(200);
        acceptor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        acceptor.createContext("/health", exchange -> {
            exchange.sendResponseHeaders(status.get(), -1);
            exchange.close();
        });
        acceptor.start();
        int up = acceptor.getAddress().getPort();
        int down = FreePort.next();
        start("http://127.0.0.1:" + up + ", http://127.0.0.1:" + down + "/");

        try (SseConnection operations = open()) {
            // then
            assertEquals(List.of(Map.of("instance", "127.0.0.1:" + up, "healthy", true),
                            Map.of("instance", "127.0.0.1:" + down, "healthy", false)),
                    stack.parse(operations.next(FIRST_EVENT).data()).get("acceptors"));

            // when
            status.set(503);

            // then
            awaitSnapshot(operations, snapshot -> List.of(Map.of("instance", "127.0.0.1:" + up, "healthy", false),
                    Map.of("instance", "127.0.0.1:" + down, "healthy", false)).equals(snapshot.get("acceptors")));
        }
    }

    private void assertLagBetween(SseConnection operations, double min, double max) {
        Object lag = stack.parse(operations.next(FIRST_EVENT).data()).get("archive_lag_seconds");
        assertNotNull(lag, "lag unknown");
        double seconds = ((Number) lag).doubleValue();
        assertTrue(seconds >= min && seconds <= max, "lag " + seconds + " not in [" + min + ", " + max + "]");
    }

    private void assertLagEventually(SseConnection operations, double min, double max) {
        awaitSnapshot(operations, snapshot -> snapshot.get("archive_lag_seconds") instanceof Number lag
                && lag.doubleValue() >= min && lag.doubleValue() <= max);
    }

    /** Reads snapshots until one matches; fails after 5 of them. */
    private void awaitSnapshot(SseConnection operations, java.util.function.Predicate<Map<String, Object>> matches) {
        Map<String, Object> last = null;
        for (int i = 0; i < 5; i++) {
            last = stack.parse(operations.next(NEXT_EVENT).data());
            if (matches.test(last)) {
                return;
            }
        }
        throw new AssertionError("no matching snapshot; the last: " + last);
    }

    private void start(String acceptorUrls) {
        redisServer = RedisServer.startFresh();
        client = RedisClient.create(redisServer.uri());
        redis = client.connect().sync();
        Map<String, Object> overrides = new HashMap<>();
        overrides.put("gavel.redis-url", redisServer.uri());
        overrides.put("gavel.live.acceptor-urls", acceptorUrls);
        server = stack.startAnotherInstance(overrides);
    }

    private SseConnection open() {
        return SseConnection.open(URI.create("http://127.0.0.1:" + server.getPort() + "/live/operations"), stack.adminAuth());
    }
}
