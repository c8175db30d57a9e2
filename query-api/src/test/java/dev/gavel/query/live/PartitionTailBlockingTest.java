package dev.gavel.query.live;

import dev.gavel.query.support.OwnRedisInstance;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The tail waits in Redis for new entries (a blocking XREAD per partition) instead of polling: an entry then
 * leaves Redis in the same event-loop turn, and after the same AOF fsync, as the write that appended it.
 */
class PartitionTailBlockingTest {

    private static final int PARTITIONS = 16;
    private static final int BLOCK_MS = 200;
    private static final long WATCHED_MS = 1000;
    private static final Pattern XREAD = Pattern.compile("\"XREAD\"(.*)\"gavel:\\{p(\\d+)[^}]*\\}:events\"");

    @Test
    void shouldWaitInRedisForNewEntriesInsteadOfPollingIdlePartitions() throws Exception {
        try (OwnRedisInstance own = OwnRedisInstance.start(TestStack.get(), Map.of("gavel.live.block-ms", BLOCK_MS))) {
            // given: the tail reading every partition
            Set<Integer> reading = new TreeSet<>();
            monitor(own.redisServer().port(), 20_000, line -> {
                Matcher read = XREAD.matcher(line);
                if (read.find()) {
                    reading.add(Integer.parseInt(read.group(2)));
                }
                return reading.size() < PARTITIONS;
            });
            assertEquals(PARTITIONS, reading.size(), "partitions read: " + reading);

            // when: Redis's view of the tail's reads over a second in which nothing is written
            List<String> reads = new ArrayList<>();
            monitor(own.redisServer().port(), WATCHED_MS, line -> {
                Matcher read = XREAD.matcher(line);
                if (read.find()) {
                    reads.add(read.group(1));
                }
                return true;
            });

            // then: every read blocks for the configured time, and an idle partition is read once per block, not polled
            assertTrue(!reads.isEmpty(), "no read in " + WATCHED_MS + " ms");
            for (String args : reads) {
                assertTrue(args.contains("\"BLOCK\" \"" + BLOCK_MS + "\""), "a read that does not block: " + args);
            }
            long atMost = PARTITIONS * (WATCHED_MS / BLOCK_MS + 1);
            assertTrue(reads.size() <= atMost, reads.size() + " reads of idle partitions in " + WATCHED_MS + " ms, at most " + atMost);
        }
    }

    /**
     * Hands each line of Redis's MONITOR to {@code onLine} for at most {@code boundMs}, or until it answers false
     * (enough seen) or Redis closes the connection.
     */
    private static void monitor(int port, long boundMs, Predicate<String> onLine) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(50);
            OutputStream out = socket.getOutputStream();
            out.write("MONITOR\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            long end = System.nanoTime() + boundMs * 1_000_000;
            while (System.nanoTime() < end) {
                String line;
                try {
                    line = in.readLine();
                } catch (SocketTimeoutException e) {
                    continue;
                }
                if (line == null || !onLine.test(line)) {
                    return;
                }
            }
        }
    }
}
