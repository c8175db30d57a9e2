package dev.gavel.contract;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counts events per key over a sliding window: a key with {@code limit} events inside the last window is
 * blocked until the oldest of them leaves it. Each key keeps only the times of its last {@code limit}
 * events, and at most {@code maxKeys} keys are kept (the least recently used go first), so a client
 * spraying new names cannot grow memory without bound. Thread-safe; one short lock per call. Both
 * services count their abuse limits (contract: "Abuse") with it, so the rule is the same in each.
 */
public final class SlidingWindows {

    private final int limit;
    private final long windowNanos;
    private final Map<String, Ring> rings;

    public SlidingWindows(int limit, long windowNanos, int maxKeys) {
        if (limit < 1 || windowNanos < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("limit, window and maxKeys must be positive");
        }
        this.limit = limit;
        this.windowNanos = windowNanos;
        this.rings = new LinkedHashMap<>(Math.min(maxKeys, 1024), 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Ring> eldest) {
                return size() > maxKeys;
            }
        };
    }

    /** Nanoseconds until {@code key} is below its limit again; 0 when it is below now. Records nothing. */
    public synchronized long blockedFor(String key, long nowNanos) {
        Ring ring = rings.get(key);
        return ring == null ? 0 : ring.blockedFor(nowNanos);
    }

    /** Counts one event for {@code key}; answers {@link #blockedFor} as it is afterwards. */
    public synchronized long record(String key, long nowNanos) {
        Ring ring = rings.computeIfAbsent(key, ignored -> new Ring(limit));
        ring.add(nowNanos);
        return ring.blockedFor(nowNanos);
    }

    public synchronized int size() {
        return rings.size();
    }

    /** The times of a key's last {@code limit} events; {@code next} is the oldest once the ring is full. */
    private final class Ring {
        private final long[] times;
        private int next;
        private int count;

        Ring(int size) {
            this.times = new long[size];
        }

        void add(long nowNanos) {
            times[next] = nowNanos;
            next = (next + 1) % times.length;
            count = Math.min(count + 1, times.length);
        }

        long blockedFor(long nowNanos) {
            if (count < times.length) {
                return 0;
            }
            long until = times[next] + windowNanos;
            return until > nowNanos ? until - nowNanos : 0;
        }
    }
}
