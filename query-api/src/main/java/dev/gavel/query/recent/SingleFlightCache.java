package dev.gavel.query.recent;

import io.lettuce.core.RedisCommandTimeoutException;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * A value per key kept for a short time, computed at most once at a time: concurrent misses for a
 * key wait for the one computation in flight instead of each running their own (no dog-pile).
 * A failed computation is not kept; its waiters get the same failure and the next call retries.
 */
final class SingleFlightCache<K, V> {

    private static final long WAIT_SECONDS = 10;

    private final ConcurrentHashMap<K, Slot<V>> slots = new ConcurrentHashMap<>();
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;
    private final AtomicLong computations = new AtomicLong();

    SingleFlightCache(long ttlMillis, int maxEntries, LongSupplier nanoTime) {
        this.ttlNanos = TimeUnit.MILLISECONDS.toNanos(ttlMillis);
        this.maxEntries = maxEntries;
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    V get(K key, Function<K, V> loader) {
        long now = nanoTime.getAsLong();
        Slot<V> current = slots.get(key);
        if (current != null && current.freshAt(now)) {
            return await(current.value);
        }
        Slot<V> mine = new Slot<>(new CompletableFuture<>());
        Slot<V> chosen = slots.compute(key, (k, existing) -> existing != null && existing.freshAt(now) ? existing : mine);
        if (chosen == mine) {
            load(key, loader, mine);
        }
        return await(chosen.value);
    }

    /** How many times a loader ran: the server-side cost of the requests served. */
    long computations() {
        return computations.get();
    }

    int size() {
        return slots.size();
    }

    private void load(K key, Function<K, V> loader, Slot<V> slot) {
        computations.incrementAndGet();
        try {
            V value = loader.apply(key);
            slot.expiresAt = nanoTime.getAsLong() + ttlNanos;
            slot.value.complete(value);
            evictIfFull();
        } catch (RuntimeException | Error e) {
            slots.remove(key, slot);
            slot.value.completeExceptionally(e);
        }
    }

    private void evictIfFull() {
        if (slots.size() <= maxEntries) {
            return;
        }
        long now = nanoTime.getAsLong();
        slots.values().removeIf(slot -> slot.value.isDone() && !slot.freshAt(now));
        Iterator<Map.Entry<K, Slot<V>>> oldest = slots.entrySet().iterator();
        while (slots.size() > maxEntries && oldest.hasNext()) {
            if (oldest.next().getValue().value.isDone()) {
                oldest.remove();
            }
        }
    }

    private static <V> V await(CompletableFuture<V> value) {
        try {
            return value.get(WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a computation", e);
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("the computation did not finish within " + WAIT_SECONDS + " s");
        }
    }

    /** A value being computed ({@code expiresAt} unset, so fresh) or computed and fresh until {@code expiresAt}. */
    private static final class Slot<V> {

        private final CompletableFuture<V> value;
        private volatile long expiresAt;

        Slot(CompletableFuture<V> value) {
            this.value = value;
        }

        boolean freshAt(long now) {
            return !value.isDone() || now - expiresAt < 0;
        }
    }
}
