package dev.gavel.acceptor.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gavel.acceptor.support.RedisProbe;
import dev.gavel.acceptor.support.RunningAcceptor;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.contract.RedisKeys;
import dev.gavel.testkit.RedisServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's concurrency check, scaled down: two acceptors (each its own Vert.x, as two processes
 * would be), two threads each, every acceptor sending 500 impressions and 500 bids for user jack
 * with SDK 1.0 over items in several partitions. The counters summed over the partitions are exact.
 */
class ConcurrentStatisticsHttpTest {

    private static final int ACCEPTORS = 2;
    private static final int THREADS_PER_ACCEPTOR = 2;
    private static final int PER_THREAD = 250;
    private static final int TOTAL = ACCEPTORS * THREADS_PER_ACCEPTOR * PER_THREAD;
    private static final List<String> ITEMS = List.of("999", "a", "item-1", "CS");
    private static final String JACK = TestData.basic("jack", "jack-pw");

    private static RedisServer redis;
    private static List<RunningAcceptor> acceptors;
    private static RedisProbe probe;

    @BeforeAll
    static void startAcceptors() {
        redis = RedisServer.startFresh();
        acceptors = new ArrayList<>();
        for (int i = 0; i < ACCEPTORS; i++) {
            acceptors.add(RunningAcceptor.start(redis.uri()));
        }
        probe = new RedisProbe(redis.uri());
    }

    @AfterAll
    static void stopAcceptors() {
        probe.close();
        acceptors.forEach(RunningAcceptor::close);
        redis.close();
    }

    @Test
    void shouldCountEveryConcurrentBidAndImpressionExactlyOnce() throws Exception {
        // given
        TestData.user(redis, "jack", "jack-pw", "1");
        for (String item : ITEMS) {
            TestData.openItem(redis, TestData.KEYS.item(item));
        }
        List<Callable<Void>> senders = new ArrayList<>();
        for (RunningAcceptor acceptor : acceptors) {
            for (int t = 0; t < THREADS_PER_ACCEPTOR; t++) {
                senders.add(() -> send(acceptor));
            }
        }

        // when
        ExecutorService pool = Executors.newFixedThreadPool(senders.size());
        try {
            for (Future<Void> sender : pool.invokeAll(senders)) {
                sender.get();
            }
        } finally {
            pool.shutdownNow();
        }

        // then
        assertEquals(TOTAL, sum(p -> RedisKeys.statsCounter(p, "user", "jack"), "impressions"));
        assertEquals(TOTAL, sum(p -> RedisKeys.statsCounter(p, "user", "jack"), "bids"));
        assertEquals(TOTAL, sum(p -> RedisKeys.statsCounter(p, "sdk", RedisKeys.encode("1.0")), "impressions"));
        assertEquals(TOTAL, sum(p -> RedisKeys.statsCounter(p, "sdk", RedisKeys.encode("1.0")), "bids"));
        assertEquals(TOTAL, sum(RedisKeys::statsTotal, "bids"));
        long perItem = 0;
        for (String item : ITEMS) {
            perItem += Long.parseLong(probe.text("HGET", TestData.KEYS.statsCounterOf(item, "item", item), "bids"));
        }
        assertEquals(TOTAL, perItem);
    }

    private static Void send(RunningAcceptor acceptor) {
        for (int i = 0; i < PER_THREAD; i++) {
            String item = ITEMS.get(i % ITEMS.size());
            HttpResponse<String> viewed = acceptor.impression("/items/" + item + "/impressions", JACK, "X-SDK-Version", "1.0");
            assertEquals(202, viewed.statusCode(), viewed.body());
            HttpResponse<String> bid = acceptor.put("/items/" + item + "/bids?sdk_version=1.0", null, JACK, null);
            assertEquals(201, bid.statusCode(), bid.body());
        }
        return null;
    }

    private static long sum(IntFunction<String> keyOfPartition, String field) {
        long total = 0;
        for (int p = 0; p < 16; p++) {
            String value = probe.text("HGET", keyOfPartition.apply(p), field);
            total += value == null ? 0 : Long.parseLong(value);
        }
        return total;
    }
}
