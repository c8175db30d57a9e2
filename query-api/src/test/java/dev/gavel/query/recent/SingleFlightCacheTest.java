package dev.gavel.query.recent;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SingleFlightCacheTest {

    private final AtomicLong clock = new AtomicLong();

    @Test
    void shouldComputeOnceForOneHundredConcurrentMissesOnAColdCache() throws Exception {
        // given
        SingleFlightCache<String, String> cache = new SingleFlightCache<>(1000, 100, clock::get);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger loads = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(100);
        List<Future<String>> results = new ArrayList<>();

        // when: the first caller's computation is held until all 100 callers are in
        try {
            for (int i = 0; i < 100; i++) {
                results.add(pool.submit(() -> cache.get("john", key -> {
                    loads.incrementAndGet();
                    await(release);
                    return "items of " + key;
                })));
            }
            awaitCondition(() -> ((ThreadPoolExecutor) pool).getActiveCount() == 100
                    && cache.computations() == 1);
            release.countDown();

            // then
            for (Future<String> result : results) {
                assertEquals("items of john", result.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, loads.get());
        assertEquals(1, cache.computations());
    }

    @Test
    void shouldServeTheCachedValueUntilItExpires() {
        // given
        SingleFlightCache<String, Object> cache = new SingleFlightCache<>(1000, 100, clock::get);
        Object first = cache.get("john", key -> new Object());

        // when
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
        Object cached = cache.get("john", key -> new Object());
        clock.addAndGet(TimeUnit.MILLISECONDS.toNanos(2));
        Object recomputed = cache.get("john", key -> new Object());

        // then
        assertSame(first, cached);
        assertTrue(first != recomputed);
        assertEquals(2, cache.computations());
    }

    @Test
    void shouldNotKeepAFailureAndRetryOnTheNextCall() {
        // given
        SingleFlightCache<String, String> cache = new SingleFlightCache<>(1000, 100, clock::get);

        // when
        assertThrows(IllegalArgumentException.class, () -> cache.get("ghost", key -> {
            throw new IllegalArgumentException("no such user");
        }));
        String value = cache.get("ghost", key -> "now it exists");

        // then
        assertEquals("now it exists", value);
        assertEquals(2, cache.computations());
    }

    @Test
    void shouldStayWithinItsSize() {
        // given
        SingleFlightCache<Integer, Integer> cache = new SingleFlightCache<>(60_000, 10, clock::get);

        // when
        for (int i = 0; i < 100; i++) {
            cache.get(i, key -> key);
        }

        // then
        assertTrue(cache.size() <= 10, "size " + cache.size());
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
