package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrackedProcessesTest {

    @TempDir
    Path run;

    @Test
    void shouldGiveEveryComponentWithAPidFileItsOwnGroup() throws IOException {
        // given bin/gavel's pid files, among them components no list in the runner names
        long self = ProcessHandle.current().pid();
        for (String component : List.of("redis", "acceptor-1", "acceptor-2", "processor-1", "processor-2", "live-1")) {
            Files.writeString(run.resolve(component + ".pid"), self + "\n");
        }
        Files.writeString(run.resolve("ports"), "redis=1\n");

        // when
        Map<String, List<Long>> groups = new TrackedProcesses(run, Map.of("ref-redis", self)).groups();

        // then numbered instances share one group, and the references have theirs
        assertEquals(Set.of("redis", "acceptor", "processor", "live", "ref-redis"), groups.keySet());
        assertEquals(2, groups.get("processor").stream().filter(pid -> pid == self).count());
    }

    @Test
    void shouldChargeEveryNodeOfALocalClusterToOneRedisGroup() throws IOException, InterruptedException {
        // given the pid files of a 3-primary cluster's nodes, one node with a child (as an AOF rewrite forks one)
        List<Process> nodes = List.of(new ProcessBuilder("sleep", "30").start(),
                new ProcessBuilder("sh", "-c", "sleep 30 & wait").start(), new ProcessBuilder("sleep", "30").start());
        try {
            for (int i = 0; i < nodes.size(); i++) {
                Files.writeString(run.resolve("redis-" + (i + 1) + ".pid"), nodes.get(i).pid() + "\n");
            }
            Files.writeString(run.resolve("ports"), "redis-1=1\nredis-1-bus=2\nredis-2=3\nredis-2-bus=4\nredis-3=5\nredis-3-bus=6\n");
            Process withChild = nodes.get(1);
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (withChild.children().findAny().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            // when
            Map<String, List<Long>> groups = new TrackedProcesses(run, Map.of()).groups();

            // then one column, redis, holds the three nodes and the child: the report's redis is their sum
            assertEquals(Set.of("redis"), groups.keySet());
            long child = withChild.children().findFirst().orElseThrow().pid();
            assertEquals(Set.of(nodes.get(0).pid(), withChild.pid(), child, nodes.get(2).pid()), Set.copyOf(groups.get("redis")));
            assertEquals(4, groups.get("redis").size());
        } finally {
            for (Process node : nodes) {
                node.descendants().forEach(ProcessHandle::destroy);
                node.destroy();
            }
        }
    }

    @Test
    void shouldChargeAProcesssChildrenToItsGroup() throws IOException, InterruptedException {
        // given a component whose process has a child (as nginx's master has its workers)
        Process parent = new ProcessBuilder("sh", "-c", "sleep 30 & wait").start();
        try {
            Files.writeString(run.resolve("nginx.pid"), Long.toString(parent.pid()));
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (parent.children().findAny().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            // when
            List<Long> pids = new TrackedProcesses(run, Map.of()).groups().get("nginx");

            // then
            long child = parent.children().findFirst().orElseThrow().pid();
            assertTrue(pids.contains(parent.pid()) && pids.contains(child), pids.toString());
        } finally {
            parent.descendants().forEach(ProcessHandle::destroy);
            parent.destroy();
        }
    }

    @Test
    void shouldIgnoreAPidFileThatHoldsNoPid() throws IOException {
        // given
        Files.writeString(run.resolve("mongo.pid"), "");

        // when / then
        assertTrue(new TrackedProcesses(run, Map.of()).groups().isEmpty());
    }

    @Test
    void shouldNameTheGroupOfAComponentWithoutItsInstanceNumber() {
        assertEquals("processor", TrackedProcesses.group("processor-12"));
        assertEquals("query", TrackedProcesses.group("query"));
    }
}
