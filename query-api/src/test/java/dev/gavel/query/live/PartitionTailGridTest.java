package dev.gavel.query.live;

import dev.gavel.contract.RedisKeys;
import dev.gavel.query.support.OwnRedisInstance;
import dev.gavel.query.support.RedisMonitor;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tail's reads of the partitions go out together: each node of a cluster (or the one Redis) then handles a
 * poll of many partitions at once, instead of being woken once per partition at scattered instants.
 */
class PartitionTailGridTest {

    private static final int PARTITIONS = 16;
    /** Entries written to partition p: p times this, each read on its own (batch 1): each partition busy a different while. */
    private static final int ENTRIES_PER_PARTITION_INDEX = 20;
    private static final long WATCHED_MS = 800;
    /** How close together the partitions' reads must be: the tail sends a tick's reads back to back. */
    private static final long TOGETHER_US = 3000;
    /** How long the tail may take to read every partition's entries (one a read) before the watch begins. */
    private static final long CAUGHT_UP_WITHIN_MS = 20_000;
    /** An XREAD's partition and the id it reads after. */
    private static final Pattern XREAD_AFTER = Pattern.compile("\"XREAD\".*\"gavel:\\{p(\\d+)[^}]*\\}:events\" \"([^\"]+)\"");
    private static final Pattern XREAD = Pattern.compile("^\\+(\\d+)\\.(\\d+) .*\"XREAD\".*\"gavel:\\{p(\\d+)[^}]*\\}:events\"");

    @Test
    void shouldReadIdlePartitionsTogetherEvenAfterEachWasBusyForADifferentWhile() throws Exception {
        try (OwnRedisInstance own = OwnRedisInstance.start(TestStack.get(), Map.of("gavel.live.batch", 1, "gavel.live.block-ms", 0));
             PartitionTail.Hold followed = own.holdTail()) {
            // given: partitions busy for different whiles (a batch of one entry is read again at once), then idle
            Map<Long, String> lastEntries = new TreeMap<>();
            for (int p = 0; p < PARTITIONS; p++) {
                for (int i = 0; i < p * ENTRIES_PER_PARTITION_INDEX; i++) {
                    lastEntries.put((long) p, own.redis().xadd(RedisKeys.events(p), Map.of("type", "impression", "item", "grid-" + p)));
                }
            }
            awaitReadPast(own.redisServer().port(), lastEntries, CAUGHT_UP_WITHIN_MS);

            // when: Redis's view of the tail's reads over a while
            long idlePauseMs = (long) new LiveConfig().getPollMs() * PartitionTail.IDLE_FACTOR;
            List<long[]> reads = xreads(own.redisServer().port(), WATCHED_MS);

            // then: still polled (each partition every idle pause at most), and every partition read within
            // a moment of each read of partition 0 (a late tick moves them all, not one)
            assertTrue(reads.size() >= PARTITIONS * (WATCHED_MS / idlePauseMs) / 2, "reads " + reads.size());
            long apart = medianFarthestUs(reads);
            assertTrue(apart <= TOGETHER_US, "partitions read up to " + apart + " us apart (median over the reads of partition 0)");
        }
    }

    @Test
    void shouldEndAPauseOnTheNextMultipleOfItsLength() {
        assertEquals(7, PartitionTail.onGrid(1003, 10));
        assertEquals(10, PartitionTail.onGrid(1010, 10));
        assertEquals(37, PartitionTail.onGrid(1003, 40));
        assertEquals(0, PartitionTail.onGrid(1003, 0));
    }

    /**
     * For each read of partition 0, how far from it the farthest other partition's nearest read was; the median
     * of that over the reads of partition 0.
     */
    private static long medianFarthestUs(List<long[]> reads) {
        Map<Long, List<Long>> byPartition = new TreeMap<>();
        reads.forEach(r -> byPartition.computeIfAbsent(r[1], p -> new ArrayList<>()).add(r[0]));
        List<Long> farthest = new ArrayList<>();
        for (long anchor : byPartition.getOrDefault(0L, List.of())) {
            long worst = 0;
            for (List<Long> times : byPartition.values()) {
                long nearest = Long.MAX_VALUE;
                for (long t : times) {
                    nearest = Math.min(nearest, Math.abs(t - anchor));
                }
                worst = Math.max(worst, nearest);
            }
            farthest.add(worst);
        }
        assertTrue(!farthest.isEmpty(), "partition 0 was not read");
        Collections.sort(farthest);
        return farthest.get(farthest.size() / 2);
    }

    /**
     * Returns once, for each partition of {@code lastEntries}, Redis has run an XREAD of it after that entry's id
     * (from MONITOR): the tail has read every entry and is idle; fails after {@code boundMs}.
     */
    private static void awaitReadPast(int port, Map<Long, String> lastEntries, long boundMs) throws IOException {
        Map<Long, String> waiting = new TreeMap<>(lastEntries);
        RedisMonitor.watch(port, boundMs, line -> {
            Matcher read = XREAD_AFTER.matcher(line);
            if (read.find()) {
                waiting.remove(Long.parseLong(read.group(1)), read.group(2));
            }
            return !waiting.isEmpty();
        });
        assertTrue(waiting.isEmpty(), "the tail had not read past the last entry of partitions " + waiting.keySet());
    }

    /** Each XREAD Redis ran over {@code watchMs}, from MONITOR: its time (Redis's, in microseconds) and its partition. */
    private static List<long[]> xreads(int port, long watchMs) throws IOException {
        List<long[]> reads = new ArrayList<>();
        RedisMonitor.watch(port, watchMs, line -> {
            Matcher read = XREAD.matcher(line);
            if (read.find()) {
                reads.add(new long[] {Long.parseLong(read.group(1)) * 1_000_000 + Long.parseLong(read.group(2)),
                        Long.parseLong(read.group(3))});
            }
            return true;
        });
        return reads;
    }
}
