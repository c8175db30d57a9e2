package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The local Redis Cluster of {@code bin/gavel} ({@code GAVEL_REDIS_SHARDS}, {@code GAVEL_REDIS_REPLICAS}), brought
 * up alone with {@code bin/gavel up redis} on a port and home of its own: its shape, its durability settings,
 * what {@code status} shows of it, and that {@code down} and {@code up} resume the same cluster on the same data.
 * The whole suite on such a cluster is the {@code e2e-redis-cluster} execution (e2e/pom.xml).
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class LocalRedisClusterTest {

    private static final int ALL_SLOTS = 16384;
    private static final List<String> KEYS = List.of("e2e-cluster:a", "e2e-cluster:b", "e2e-cluster:c",
            "e2e-cluster:d", "e2e-cluster:e", "e2e-cluster:f", "e2e-cluster:g", "e2e-cluster:h");

    @Test
    void shouldRunThreePrimariesWithAReplicaEachAndResumeTheSameClusterAfterDownAndUp() {
        Stack stack = Stack.prepare("-cluster", Map.of("GAVEL_REDIS_SHARDS", "3", "GAVEL_REDIS_REPLICAS", "1"));
        try {
            // when
            String up = stack.gavel(List.of("up", "redis"), 90);

            // then: three primaries sharing every slot, a replica of each, all running
            Map<String, Node> nodes = nodes(stack.gavel("status", 30));
            assertEquals(6, nodes.size(), up);
            List<Node> primaries = nodes.values().stream().filter(node -> node.role().equals("primary")).toList();
            List<Node> replicas = nodes.values().stream().filter(node -> node.role().equals("replica")).toList();
            assertEquals(3, primaries.size(), nodes::toString);
            assertEquals(3, replicas.size(), nodes::toString);
            assertEquals(ALL_SLOTS, primaries.stream().mapToInt(Node::slots).sum(), nodes::toString);
            primaries.forEach(primary -> assertTrue(primary.slots() > 5000, primary::toString));
            assertEquals(primaries.stream().map(Node::name).sorted().toList(),
                    replicas.stream().map(Node::of).sorted().toList(), () -> "each primary has exactly one replica: " + nodes);
            assertTrue(up.contains("GAVEL_REDIS_URL=redis-cluster://127.0.0.1:" + primaries.get(0).port()), up);
            for (Node node : nodes.values()) {
                assertEquals("running", node.state(), node::toString);
                assertEquals(node.pid(), Long.toString(stack.pidOf(node.name())), node::toString);
                assertTrue(cli(node.port(), "CLUSTER", "INFO").contains("cluster_state:ok"), node::toString);
                assertTrue(cli(node.port(), "CLUSTER", "INFO").contains("cluster_slots_ok:" + ALL_SLOTS), node::toString);
                assertEquals("appendonly\nyes\n", cli(node.port(), "CONFIG", "GET", "appendonly"), node::toString);
                assertEquals("appendfsync\nalways\n", cli(node.port(), "CONFIG", "GET", "appendfsync"), node::toString);
                assertTrue(Files.isDirectory(stack.home().resolve("redis-cluster").resolve(node.name())), node::toString);
            }

            // given: data on every primary
            int anyPort = primaries.get(0).port();
            for (String key : KEYS) {
                assertEquals("OK\n", cli(anyPort, "-c", "SET", key, "value of " + key));
            }

            // when
            stack.gavel("down", 60);
            Map<String, Node> stopped = nodes(stack.gavel("status", 30));
            String again = stack.gavel(List.of("up", "redis"), 90);

            // then: the same nodes, in the same roles, with the same data
            stopped.values().forEach(node -> {
                assertEquals("stopped", node.state(), node::toString);
                assertTrue(ProcessExit.exited(Long.parseLong(nodes.get(node.name()).pid())), node::toString);
            });
            assertFalse(again.contains("creating a Redis Cluster"), again);
            Map<String, Node> resumed = nodes(stack.gavel("status", 30));
            for (Node before : nodes.values()) {
                Node after = resumed.get(before.name());
                assertEquals(before.id(), after.id(), after::toString);
                assertEquals(before.port(), after.port(), after::toString);
                assertEquals(before.role(), after.role(), after::toString);
                assertEquals(before.slots(), after.slots(), after::toString);
                assertEquals("running", after.state(), after::toString);
                assertNotEquals(before.pid(), after.pid(), after::toString);
                assertTrue(cli(after.port(), "CLUSTER", "INFO").contains("cluster_state:ok"), after::toString);
            }
            for (String key : KEYS) {
                assertEquals("value of " + key + "\n", cli(resumed.get("redis-2").port(), "-c", "GET", key));
            }

            // when: up while everything runs
            String idle = stack.gavel(List.of("up", "redis"), 60);

            // then: nothing was started again
            assertFalse(idle.contains("127.0.0.1:" + anyPort + "  (cluster bus"), idle);
            Map<String, Node> unchanged = nodes(stack.gavel("status", 30));
            resumed.forEach((name, node) -> assertEquals(node.pid(), unchanged.get(name).pid(), name));

            // when: a replica dies, and up runs again
            Node replica = replicas.get(0);
            ProcessHandle.of(Long.parseLong(unchanged.get(replica.name()).pid()))
                    .ifPresent(process -> ProcessExit.kill(process, Duration.ofSeconds(30)));
            String restart = stack.gavel(List.of("up", "redis"), 60);

            // then: only that node was started, and it rejoined as the same node
            Map<String, Node> rejoined = nodes(stack.gavel("status", 30));
            assertTrue(restart.contains(replica.name() + "     127.0.0.1:" + replica.port()), restart);
            assertEquals(1, restart.lines().filter(line -> line.contains("(cluster bus")).count(), restart);
            assertEquals(replica.id(), rejoined.get(replica.name()).id());
            assertEquals("running", rejoined.get(replica.name()).state());
            unchanged.forEach((name, node) -> {
                if (!name.equals(replica.name())) {
                    assertEquals(node.pid(), rejoined.get(name).pid(), name);
                }
            });
        } finally {
            stack.close();
        }
    }

    @Test
    void shouldRefuseAnotherShapeOnAHomeThatHoldsACluster() {
        Stack stack = Stack.prepare("-cluster-shape", Map.of("GAVEL_REDIS_SHARDS", "3"));
        try {
            // given
            stack.gavel(List.of("up", "redis"), 90);

            // when
            Stack.Run four = stack.run(List.of("up", "redis"), Map.of("GAVEL_REDIS_SHARDS", "4"), 60);
            Stack.Run single = stack.run(List.of("up", "redis"), Map.of("GAVEL_REDIS_SHARDS", "1"), 60);
            Stack.Run replicas = stack.run(List.of("up", "redis"), Map.of("GAVEL_REDIS_REPLICAS", "1"), 60);

            // then
            for (Stack.Run refused : List.of(four, single, replicas)) {
                assertNotEquals(0, refused.exitStatus(), refused::output);
                assertTrue(refused.output().contains("this GAVEL_HOME holds a Redis Cluster (primaries 3, replicas of each 0)"),
                        refused::output);
            }
            assertEquals(3, nodes(stack.gavel("status", 30)).size());
            assertTrue(Files.notExists(stack.home().resolve("redis-cluster").resolve("redis-4")));
            assertTrue(Files.notExists(stack.home().resolve("redis")));
        } finally {
            stack.close();
        }
    }

    @Test
    void shouldRefuseTwoShardsBecauseAClusterNeedsThreePrimaries() {
        // given
        Stack stack = Stack.prepare("-cluster-two", Map.of("GAVEL_REDIS_SHARDS", "2"));

        // when
        Stack.Run refused = stack.run(List.of("up", "redis"), Map.of(), 60);

        // then
        assertNotEquals(0, refused.exitStatus(), refused::output);
        assertTrue(refused.output().contains("GAVEL_REDIS_SHARDS=2: a Redis Cluster needs at least 3 primaries"),
                refused::output);
        assertTrue(Files.notExists(stack.home().resolve("redis-cluster")));
        assertTrue(Files.notExists(stack.home().resolve("redis")));
    }

    @Test
    void shouldStartNoRedisWhenGavelRedisUrlNamesAnOutsideCluster() {
        Stack stack = Stack.prepare("-cluster-outside", Map.of("GAVEL_REDIS_URL", "redis-cluster://127.0.0.1:1,127.0.0.1:2"));
        try {
            // when
            String up = stack.gavel(List.of("up", "redis"), 60);
            Stack.Run both = stack.run(List.of("up", "redis"), Map.of("GAVEL_REDIS_SHARDS", "3"), 60);

            // then
            assertTrue(up.contains("GAVEL_REDIS_URL=redis-cluster://127.0.0.1:1,127.0.0.1:2"), up);
            assertTrue(Files.notExists(stack.home().resolve("run").resolve("redis.pid")), up);
            assertTrue(Files.notExists(stack.home().resolve("redis-cluster")), up);
            assertTrue(Files.notExists(stack.home().resolve("redis")), up);
            assertNotEquals(0, both.exitStatus(), both::output);
            assertTrue(both.output().contains("set only one of them"), both::output);
        } finally {
            stack.close();
        }
    }

    /** One row of the node table of {@code bin/gavel status}. */
    private record Node(String name, String state, String pid, int port, String role, int slots, String of, String id) {
    }

    /** The node table: REDIS-NODE STATE PID PORT BUS ROLE SLOTS REPLICA-OF ID, by node name. */
    private static Map<String, Node> nodes(String status) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        boolean table = false;
        for (String line : status.lines().toList()) {
            String[] columns = line.trim().split("\\s+");
            if (columns[0].equals("REDIS-NODE")) {
                table = true;
            } else if (table && columns.length == 9 && columns[0].matches("redis-\\d+")) {
                nodes.put(columns[0], new Node(columns[0], columns[1], columns[2], Integer.parseInt(columns[3]), columns[5],
                        Integer.parseInt(columns[6]), columns[7], columns[8]));
            }
        }
        return nodes;
    }

    /** {@code redis-cli -p port args...}: its output, or an AssertionError when it fails. */
    private static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r", "");
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
