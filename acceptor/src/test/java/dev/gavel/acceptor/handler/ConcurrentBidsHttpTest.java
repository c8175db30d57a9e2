package dev.gavel.acceptor.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gavel.acceptor.AcceptorConfig;
import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.TestData;
import io.vertx.core.json.JsonObject;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 2,000 bids from 50 threads through the running acceptor: each recorded once, numbered without gaps. */
class ConcurrentBidsHttpTest {

    private static final String ITEM_KEY = TestData.KEYS.item("999");
    private static final int THREADS = 50;
    private static final int BIDS_PER_THREAD = 40;
    private static final int TOTAL = THREADS * BIDS_PER_THREAD;

    // These tests check exactness under contention, not latency: a loaded CI machine must not
    // turn slow Redis answers into 503s here (the 503 deadline has its own test).
    @RegisterExtension
    static final AcceptorFixture fixture = AcceptorFixture.withConfig(Map.of(AcceptorConfig.REDIS_TIMEOUT_MS, "15000"));

    @Test
    void shouldRecordEveryConcurrentBidExactlyOnceAndPickTheHighest() throws Exception {
        // given
        fixture.openItem(ITEM_KEY);
        for (int t = 0; t < THREADS; t++) {
            fixture.user("bidder" + t, "pw" + t);
        }
        List<Callable<List<Long>>> bidders = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            bidders.add(() -> bidMany(thread));
        }

        // when
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        Set<Long> seqs = new HashSet<>();
        try {
            for (Future<List<Long>> result : pool.invokeAll(bidders)) {
                seqs.addAll(result.get());
            }
        } finally {
            pool.shutdownNow();
        }

        // then
        assertEquals(TOTAL, seqs.size());
        assertEquals(1L, seqs.stream().mapToLong(Long::longValue).min().orElseThrow());
        assertEquals(TOTAL, seqs.stream().mapToLong(Long::longValue).max().orElseThrow());
        List<String> entries = fixture.probe().list(ITEM_KEY + ":bids");
        assertEquals(TOTAL, entries.size());
        for (int i = 0; i < TOTAL; i++) {
            assertEquals(Integer.toString(i + 1), entries.get(i).substring(0, entries.get(i).indexOf('|')));
        }
        assertEquals(TOTAL, fixture.probe().number("XLEN", TestData.KEYS.eventsOf("999")));
        assertEquals(Integer.toString(TOTAL), fixture.probe().text("HGET", ITEM_KEY, "seq"));
        assertEquals("bidder17", fixture.probe().text("HGET", ITEM_KEY, "lead_user"));
        assertEquals("99999999", fixture.probe().text("HGET", ITEM_KEY, "lead_amount_cents"));
    }

    private static List<Long> bidMany(int thread) {
        String credentials = TestData.basic("bidder" + thread, "pw" + thread);
        List<Long> seqs = new ArrayList<>();
        for (int i = 0; i < BIDS_PER_THREAD; i++) {
            String amount = thread == 17 && i == BIDS_PER_THREAD / 2 ? "999999.99" : (thread * 100 + i) + ".25";
            HttpResponse<String> response = fixture.acceptor().bid("999", "{\"amount\": " + amount + "}", credentials);
            assertEquals(201, response.statusCode(), response.body());
            seqs.add(new JsonObject(response.body()).getLong("seq"));
        }
        return seqs;
    }
}
