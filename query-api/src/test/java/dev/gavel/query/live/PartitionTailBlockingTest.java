package dev.gavel.query.live;

import dev.gavel.contract.RedisKeys;
import dev.gavel.query.support.OwnRedisInstance;
import dev.gavel.query.support.RedisMonitor;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * On one Redis the tail reads every partition with one blocking XREAD, sent again as soon as it answers: idle it
 * asks about once per block time, not once per poll and partition, and an entry appended while it waits is read
 * and the read sent again after it.
 */
class PartitionTailBlockingTest {

    /** The block time the tail uses by default: GAVEL_LIVE_BLOCK_MS (1 s) capped at half the 1.5 s command timeout. */
    private static final long BLOCK_MS = 750;
    private static final long WATCHED_MS = 2 * BLOCK_MS + 200;
    private static final long READ_WITHIN_MS = 5000;

    @Test
    void shouldReadEveryPartitionInOneBlockingReadAndSendItAgainAfterWhatItBrings() throws Exception {
        try (OwnRedisInstance own = OwnRedisInstance.start(TestStack.get());
             PartitionTail.Hold followed = own.holdTail()) {
            int port = own.redisServer().port();
            // given: the tail blocking on an idle Redis, for a subscriber
            assertTrue(!xreads(port, READ_WITHIN_MS, 1).isEmpty(), "the tail sent no XREAD");

            // when: watched while idle
            List<List<String>> idle = xreads(port, WATCHED_MS, Integer.MAX_VALUE);

            // then: each read blocks and names every partition, and there are about as many as block times went by
            assertTrue(idle.size() >= 1 && idle.size() <= WATCHED_MS / BLOCK_MS + 2, "reads while idle: " + idle.size());
            for (List<String> read : idle) {
                Map<String, String> after = streams(read);
                assertEquals(Long.toString(BLOCK_MS), argumentAfter(read, "BLOCK"), read.toString());
                assertEquals(own.partitions(), after.size(), read.toString());
                for (int p = 0; p < own.partitions(); p++) {
                    assertTrue(after.containsKey(RedisKeys.events(p)), "partition " + p + " missing from " + read);
                }
            }

            // and when: entries appended to two partitions while it waits
            String third = own.redis().xadd(RedisKeys.events(3), Map.of("type", "impression", "item", "blocking-3"));
            String seventh = own.redis().xadd(RedisKeys.events(7), Map.of("type", "impression", "item", "blocking-7"));

            // then: a read after both of them comes
            assertTrue(sawXread(port, READ_WITHIN_MS, read -> third.equals(streams(read).get(RedisKeys.events(3)))
                            && seventh.equals(streams(read).get(RedisKeys.events(7)))),
                    "no read after the appended entries of partitions 3 and 7");
        }
    }

    /** An XREAD's streams and the id each is read after, from its arguments ({@code STREAMS k1 .. kn id1 .. idn}). */
    private static Map<String, String> streams(List<String> read) {
        int at = read.indexOf("STREAMS");
        int n = (read.size() - at - 1) / 2;
        Map<String, String> after = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            after.put(read.get(at + 1 + i), read.get(at + 1 + n + i));
        }
        return after;
    }

    private static String argumentAfter(List<String> read, String name) {
        int at = read.indexOf(name);
        return at < 0 || at + 1 >= read.size() ? null : read.get(at + 1);
    }

    /** The XREADs Redis ran over {@code watchMs} (at most {@code most}), each as its upper-cased command and arguments. */
    private static List<List<String>> xreads(int port, long watchMs, int most) throws IOException {
        List<List<String>> reads = new ArrayList<>();
        RedisMonitor.watch(port, watchMs, line -> {
            List<String> read = xread(line);
            if (read != null) {
                reads.add(read);
            }
            return reads.size() < most;
        });
        return reads;
    }

    /** Whether Redis ran an XREAD that matched {@code wanted} within {@code boundMs}. */
    private static boolean sawXread(int port, long boundMs, Predicate<List<String>> wanted) throws IOException {
        boolean[] seen = new boolean[1];
        RedisMonitor.watch(port, boundMs, line -> {
            List<String> read = xread(line);
            seen[0] = read != null && wanted.test(read);
            return !seen[0];
        });
        return seen[0];
    }

    /** A MONITOR line's command and arguments when it is an XREAD (its words upper-cased, not its keys), else null. */
    private static List<String> xread(String line) {
        List<String> arguments = RedisMonitor.arguments(line);
        if (arguments.isEmpty() || !arguments.get(0).equalsIgnoreCase("XREAD")) {
            return null;
        }
        List<String> read = new ArrayList<>(arguments.size());
        for (String argument : arguments) {
            read.add(argument.startsWith("gavel:") ? argument : argument.toUpperCase(Locale.ROOT));
        }
        return read;
    }
}
