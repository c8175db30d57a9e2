package dev.gavel.e2e;

import dev.gavel.contract.Partitioner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.function.Predicate;

/**
 * The nodes of a stack's local Redis Cluster as the cluster sees them now ({@code CLUSTER NODES} of a running
 * node), named as bin/gavel names them ({@code redis-K}, by the ports it recorded in {@code run/ports}), and
 * {@code redis-cli} against them.
 */
final class ClusterNodes {

    /** One node: its role now, and the slots it serves as a primary. */
    record Node(String name, int port, String id, boolean primary, String primaryId, List<int[]> slots) {

        boolean serves(int slot) {
            return slots.stream().anyMatch(range -> range[0] <= slot && slot <= range[1]);
        }

        String address() {
            return "127.0.0.1:" + port;
        }

        @Override
        public String toString() {
            return name + " (" + (primary ? "primary" : "replica") + ", port " + port + ")";
        }
    }

    /** The stacks of the cluster tests run with this many partitions (bin/gavel's default, set explicitly). */
    static final int PARTITIONS = 32;
    private static final Partitioner PARTITIONER = new Partitioner(PARTITIONS);

    private final Map<String, Node> nodes;

    private ClusterNodes(Map<String, Node> nodes) {
        this.nodes = Map.copyOf(nodes);
    }

    /** The cluster as the first running node of the stack that answers sees it. */
    static ClusterNodes of(Stack stack) {
        Map<Integer, String> names = ports(stack);
        AssertionError last = null;
        for (int port : names.keySet()) {
            try {
                return new ClusterNodes(parse(cli(port, "CLUSTER", "NODES"), names));
            } catch (AssertionError unreachable) {
                last = unreachable;
            }
        }
        throw new AssertionError("no node of the cluster answers CLUSTER NODES", last);
    }

    /** Reads the cluster again until {@code settled} holds, for at most {@code bound}. */
    static ClusterNodes await(Stack stack, Predicate<ClusterNodes> settled, Duration bound, String what)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(bound);
        ClusterNodes nodes = of(stack);
        while (!settled.test(nodes)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(what + " did not happen within " + bound + "; the cluster: " + nodes.nodes.values());
            }
            Thread.sleep(200);
            nodes = of(stack);
        }
        return nodes;
    }

    Node named(String name) {
        Node node = nodes.get(name);
        if (node == null) {
            throw new AssertionError("no cluster node " + name + " in " + nodes.values());
        }
        return node;
    }

    Node ownerOf(int slot) {
        return nodes.values().stream().filter(node -> node.primary() && node.serves(slot)).findFirst()
                .orElseThrow(() -> new AssertionError("no primary serves slot " + slot + ": " + nodes.values()));
    }

    List<Node> primaries() {
        return nodes.values().stream().filter(Node::primary).sorted((a, b) -> a.name().compareTo(b.name())).toList();
    }

    Node replicaOf(Node primary) {
        return nodes.values().stream().filter(node -> !node.primary() && primary.id().equals(node.primaryId())).findFirst()
                .orElseThrow(() -> new AssertionError("no replica of " + primary + ": " + nodes.values()));
    }

    /** The slot of every key of an item's or a share class's partition. */
    static int slotOf(String id) {
        return Partitioner.slotOf(PARTITIONER.partition(id));
    }

    /** The first {@code count} ids {@code prefix-0}, {@code prefix-1}, ... whose partition's slot passes {@code slot}. */
    static List<String> ids(String prefix, int count, IntPredicate slot) {
        List<String> ids = new ArrayList<>();
        for (int n = 0; ids.size() < count; n++) {
            if (slot.test(slotOf(prefix + "-" + n))) {
                ids.add(prefix + "-" + n);
            }
        }
        return ids;
    }

    /** {@code redis-cli -h 127.0.0.1 -p port args...}: its output, or an AssertionError when it fails. */
    static String cli(int port, String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(port)));
        command.addAll(List.of(args));
        return run(command, 120);
    }

    /** {@code redis-cli args...} (e.g. {@code --cluster reshard ...}): its output, or an AssertionError. */
    static String clusterCommand(String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli"));
        command.addAll(List.of(args));
        return run(command, 120);
    }

    /**
     * {@code redis-cli --cluster check}: every node agrees on the slots, all covered, none left open by a move
     * (a reshard refuses to start otherwise).
     */
    static boolean agreed(Node entry) {
        try {
            String output = clusterCommand("--cluster", "check", entry.address());
            return output.contains("[OK] All nodes agree about slots configuration.")
                    && output.contains("[OK] All 16384 slots covered.") && !output.contains("[WARNING]");
        } catch (AssertionError notYet) {
            return false;
        }
    }

    private static String run(List<String> command, long timeoutSeconds) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).replace("\r", "");
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS) || process.exitValue() != 0
                    || output.startsWith("Could not connect") || output.startsWith("ERR") || output.contains("[ERR]")) {
                process.destroyForcibly();
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

    /** Port → node name, from {@code run/ports} ({@code redis-K=port}; bus ports are {@code redis-K-bus}). */
    private static Map<Integer, String> ports(Stack stack) {
        Map<Integer, String> names = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(stack.home().resolve("run").resolve("ports"), StandardCharsets.UTF_8)) {
                String[] entry = line.split("=", 2);
                if (entry.length == 2 && entry[0].matches("redis-\\d+")) {
                    names.put(Integer.parseInt(entry[1].trim()), entry[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (names.isEmpty()) {
            throw new AssertionError("no cluster node in " + stack.home().resolve("run").resolve("ports"));
        }
        return names;
    }

    /** {@code <id> <ip:port@bus> <flags> <primary id or -> <ping> <pong> <epoch> <link> <slots...>}, per line. */
    private static Map<String, Node> parse(String text, Map<Integer, String> names) {
        Map<String, Node> nodes = new LinkedHashMap<>();
        for (String line : text.lines().filter(l -> !l.isBlank()).toList()) {
            String[] columns = line.trim().split(" ");
            String address = columns[1];
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':') + 1, address.indexOf('@')));
            String name = names.getOrDefault(port, "port-" + port);
            List<String> flags = List.of(columns[2].split(","));
            boolean primary = flags.contains("master") && !flags.contains("fail");
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < columns.length; i++) {
                if (columns[i].startsWith("[")) {
                    continue;
                }
                String[] range = columns[i].split("-");
                slots.add(new int[] {Integer.parseInt(range[0]), Integer.parseInt(range[range.length - 1])});
            }
            nodes.put(name, new Node(name, port, columns[0], primary, columns[3].equals("-") ? null : columns[3], slots));
        }
        return nodes;
    }
}
