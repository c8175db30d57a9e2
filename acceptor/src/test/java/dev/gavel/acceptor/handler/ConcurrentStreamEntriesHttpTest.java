package dev.gavel.acceptor.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.RedisProbe;
import dev.gavel.acceptor.support.RunningAcceptor;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.StreamEntry;
import dev.gavel.testkit.RedisServer;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The seed's concurrency check, scaled down: two acceptors (each its own Vert.x, as two processes
 * would be), two threads each, every acceptor sending 500 impressions and 500 bids for user jack
 * with SDK 1.0 over items in several partitions. Every write is exactly one stream entry carrying what
 * the processor derives the statistics from, and the scripts write no derived key themselves.
 */
class ConcurrentStreamEntriesHttpTest {

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
    void shouldAppendExactlyOneCompleteStreamEntryPerConcurrentBidAndImpression() throws Exception {
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
        int bids = 0;
        int impressions = 0;
        Set<String> expectedKeys = new HashSet<>(Set.of(RedisKeys.user("jack")));
        for (String item : ITEMS) {
            List<Map<String, String>> entries = probe.streamEntries(TestData.KEYS.eventsOf(item));
            List<Long> seqs = new ArrayList<>();
            List<Long> numbers = new ArrayList<>();
            for (Map<String, String> entry : entries) {
                assertEquals(StreamEntry.FORMAT_DERIVED_BY_PROCESSOR, entry.get(StreamEntry.FORMAT), entry.toString());
                assertEquals("jack", entry.get(StreamEntry.USER), entry.toString());
                assertEquals(item, entry.get(StreamEntry.ITEM), entry.toString());
                assertEquals(List.of("1.0", "", "", ""),
                        StreamEntry.IMPRESSION_CONTEXT.stream().map(entry::get).toList(), entry.toString());
                assertTrue(Long.parseLong(entry.get(StreamEntry.TS_US)) > 1_700_000_000_000_000L, entry.toString());
                if (StreamEntry.TYPE_BID.equals(entry.get(StreamEntry.TYPE))) {
                    long seq = Long.parseLong(entry.get(StreamEntry.SEQ));
                    assertEquals("0", entry.get(StreamEntry.AMOUNT_CENTS), entry.toString());
                    assertEquals(StreamEntry.bidEventId(item, seq), entry.get(StreamEntry.EVENT_ID));
                    seqs.add(seq);
                } else {
                    assertEquals(StreamEntry.TYPE_IMPRESSION, entry.get(StreamEntry.TYPE), entry.toString());
                    String eventId = entry.get(StreamEntry.EVENT_ID);
                    numbers.add(Long.parseLong(eventId.substring(eventId.lastIndexOf(':') + 1)));
                }
            }
            assertEquals(LongStream.rangeClosed(1, seqs.size()).boxed().toList(), seqs, item);
            assertEquals(LongStream.rangeClosed(1, numbers.size()).boxed().toList(), numbers, item);
            assertEquals(seqs.size(), probe.number("LLEN", TestData.KEYS.itemBids(item)));
            bids += seqs.size();
            impressions += numbers.size();
            expectedKeys.addAll(List.of(TestData.KEYS.item(item), TestData.KEYS.itemBids(item), TestData.KEYS.eventsOf(item)));
        }
        assertEquals(TOTAL, bids);
        assertEquals(TOTAL, impressions);
        assertEquals(expectedKeys.stream().sorted().toList(), probe.keys());
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
}
