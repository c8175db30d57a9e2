package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.testkit.RedisServer;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RedisWorkTest {

    private RedisServer first;
    private RedisServer second;

    @BeforeEach
    void startRedis() {
        first = RedisServer.startFresh();
        second = RedisServer.startFresh();
    }

    @AfterEach
    void stopRedis() {
        first.close();
        second.close();
    }

    @Test
    void shouldCountTheCommandsOfARunPerRequestSummedOverTheNodes() throws IOException {
        // given counters taken before 10 XADDs on one node and 10 on the other
        List<Integer> ports = List.of(first.port(), second.port());
        Map<Integer, RedisWork.Node> before = RedisWork.take(ports);
        for (int i = 0; i < 10; i++) {
            call(first.port(), "XADD", "gavel:{p0}:events", "*", "type", "bid");
            call(second.port(), "XADD", "gavel:{p1}:events", "*", "type", "bid");
        }
        Map<Integer, RedisWork.Node> after = RedisWork.take(ports);

        // when the run had 5 requests
        String table = RedisWork.table(before, after, 5, ports);

        // then 20 XADDs over 5 requests: 4 per request, and the client reads include them
        String xadd = line(table, "xadd\t");
        assertTrue(xadd.startsWith("xadd\t20\t4.000\t"), table);
        long reads = Long.parseLong(line(table, "total_reads_processed\t").split("\t")[1]);
        assertTrue(reads >= 20, table);
        long syscalls = Long.parseLong(line(table, "syscw\t").split("\t")[1]);
        assertTrue(syscalls >= 20, "every reply is a write: " + table);
    }

    @Test
    void shouldLeaveOutANodeThatDidNotAnswerAndSayWhich() throws IOException {
        // given a node whose counters are missing after the run
        List<Integer> ports = List.of(first.port(), second.port());
        Map<Integer, RedisWork.Node> before = RedisWork.take(ports);
        call(first.port(), "SET", "k", "v");
        Map<Integer, RedisWork.Node> after = RedisWork.take(List.of(first.port()));

        // when
        String table = RedisWork.table(before, after, 1, ports);

        // then
        assertTrue(table.contains("not answering, left out: " + second.port()), table);
        assertTrue(line(table, "set\t").startsWith("set\t1\t1.000\t"), table);
    }

    @Test
    void shouldReadCallsAndMicrosecondsOfACommandstatsLine() {
        // given
        String info = "# Commandstats\r\ncmdstat_evalsha:calls=12,usec=345,usec_per_call=28.75,rejected_calls=0,failed_calls=0\r\n"
                + "# Stats\r\ntotal_reads_processed:99\r\nused_cpu_sys:1.25\r\n";

        // when
        RedisWork.Node node = RedisWork.parse(info);

        // then
        assertEquals(new RedisWork.Command(12, 345), node.commands().get("evalsha"));
        assertEquals(99L, node.counters().get("total_reads_processed"));
        assertEquals(1, node.counters().size());
    }

    private static String line(String table, String prefix) {
        return table.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("");
    }

    private static Object call(int port, String... args) throws IOException {
        try (RedisClient client = RedisClient.connect(port)) {
            return client.call(args);
        }
    }
}
