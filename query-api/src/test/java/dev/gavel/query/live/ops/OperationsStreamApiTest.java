package dev.gavel.query.live.ops;

import com.sun.net.httpserver.HttpServer;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.StreamEntry;
import dev.gavel.query.live.PartitionTail;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import dev.gavel.testkit.Eventually;
import dev.gavel.testkit.FreePort;
import dev.gavel.testkit.RedisServer;
import dev.gavel.testkit.StreamFields;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.XAddArgs;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.micronaut.http.sse.Event;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Subscription;
import reactor.core.publisher.BaseSubscriber;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

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
    void shouldCountTheStreamEntriesOfTheLastSecondAndTheHotItems() {
        // given: a subscriber, for whom the instance's partition readers have found their streams' ends
        start("");
        PartitionTail tail = server.getApplicationContext().getBean(PartitionTail.class);
        Partitioner partitioner = new Partitioner(16);

        try (SseConnection operations = open()) {
            operations.next(FIRST_EVENT);
            for (int p = 0; p < partitioner.partitions(); p++) {
                assertTrue(tail.awaitReading(p, Duration.ofSeconds(10)), "partition " + p + " not read");
            }

            // when: early in a second, entries as the write scripts append them: 5 bids on one item, 3 on
            // another (in other partitions), 2 impressions, 1 certificate and a closing
            Eventually.await(() -> System.currentTimeMillis() % 1000 < 300, Duration.ofSeconds(2));
            for (int seq = 1; seq <= 5; seq++) {
                appendBid(partitioner, "hot-one", seq);
            }
            for (int seq = 1; seq <= 3; seq++) {
                appendBid(partitioner, "hot-two", seq);
            }
            append(partitioner.partition("hot-one"), "type", "impression", "event_id", "impression:hot-one:1", "item", "hot-one");
            append(partitioner.partition("hot-two"), "type", "impression", "event_id", "impression:hot-two:1", "item", "hot-two");
            append(partitioner.partition("CS"), "type", "certificate", "cert_id", "CS-1", "class", "CS", "number", "1");
            append(partitioner.partition("hot-two"), "type", "item_closed", "item", "hot-two", "result", "sold");

            // then: the next complete second shows them all
            awaitSnapshot(operations, snapshot -> ((Number) snapshot.get("bids_per_second")).intValue() == 8
                    && ((Number) snapshot.get("impressions_per_second")).intValue() == 2
                    && ((Number) snapshot.get("certificates_per_second")).intValue() == 1
                    && List.of(Map.of("item", "hot-one", "bids_per_second", 0.5), Map.of("item", "hot-two", "bids_per_second", 0.3))
                    .equals(snapshot.get("hot_items")));
        }
    }

    @Test
    void shouldHandEverySubscriberTheSameSnapshotAndALaggingOneOnlyTheNewest() {
        // given: one subscriber that takes every event and one that asks for none yet
        start("");
        OperationsStream stream = server.getApplicationContext().getBean(OperationsStream.class);
        List<Event<String>> fast = new CopyOnWriteArrayList<>();
        List<Event<String>> slow = new CopyOnWriteArrayList<>();
        BaseSubscriber<Event<String>> fastSubscriber = collect(fast, Long.MAX_VALUE);
        BaseSubscriber<Event<String>> slowSubscriber = collect(slow, 0);
        stream.events().subscribe(fastSubscriber);
        stream.events().subscribe(slowSubscriber);

        // when: the fast one has had 4 snapshots, the slow one asks for up to 10
        Eventually.await(() -> fast.size() >= 4, Duration.ofSeconds(6));
        int seenByFast = fast.size();
        slowSubscriber.request(10);
        Eventually.await(() -> !slow.isEmpty(), Duration.ofSeconds(2));

        // then: it gets the newest snapshot (the very event the fast one got), not the ones it missed
        int first = indexOfSame(fast, slow.get(0));
        assertTrue(first >= seenByFast - 1, "the slow subscriber got snapshot " + first + " of " + seenByFast);
        assertEquals(2, stream.subscribers());

        // when: both leave
        fastSubscriber.dispose();
        slowSubscriber.dispose();

        // then
        assertEquals(0, stream.subscribers());
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

    private void appendBid(Partitioner partitioner, String item, int seq) {
        long tsUs = System.currentTimeMillis() * 1000;
        append(partitioner.partition(item), "type", "bid", "event_id", StreamEntry.bidEventId(item, seq), "item", item,
                "user", "bidder-" + seq, "amount_cents", String.valueOf(100 * seq), "seq", String.valueOf(seq),
                "ts_us", String.valueOf(tsUs), "v", "2", "price_cents", String.valueOf(100 * seq), "leading", "1", "auto", "");
    }

    private void append(int partition, String... fields) {
        redis.xadd(RedisKeys.events(partition), StreamFields.of(fields));
    }

    private static BaseSubscriber<Event<String>> collect(List<Event<String>> into, long initialDemand) {
        return new BaseSubscriber<>() {
            @Override
            protected void hookOnSubscribe(Subscription subscription) {
                if (initialDemand > 0) {
                    request(initialDemand);
                }
            }

            @Override
            protected void hookOnNext(Event<String> event) {
                into.add(event);
            }
        };
    }

    private static int indexOfSame(List<Event<String>> events, Event<String> event) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i) == event) {
                return i;
            }
        }
        throw new AssertionError("not an event the other subscriber got: " + event.getData());
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
    private void awaitSnapshot(SseConnection operations, Predicate<Map<String, Object>> matches) {
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
