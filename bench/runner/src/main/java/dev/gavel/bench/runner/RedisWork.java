package dev.gavel.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What the stack's Redis did during a measured run, summed over its nodes: each command's calls and
 * microseconds (INFO commandstats), the reads and writes of client sockets Redis processed (INFO stats),
 * and its process's read and write system calls ({@code /proc/PID/io}: the AOF's writes are among them).
 * Divided by the run's requests, it tells which commands a request costs and how much of Redis's time
 * is not in commands at all (event-loop turns, socket I/O, fsync): the CPU per request of one Redis and of
 * a cluster differ by one or the other. A node that does not answer is left out (and named).
 */
final class RedisWork {

    /** Per command, calls and microseconds inside the command (INFO commandstats). */
    record Command(long calls, long usec) {
    }

    /** One node's counters at one moment; the fields absent from its INFO are 0. */
    record Node(Map<String, Command> commands, Map<String, Long> counters) {
    }

    /** The counters read per node, besides the commands: client reads and writes, system calls. */
    static final List<String> COUNTERS = List.of("total_commands_processed", "total_reads_processed", "total_writes_processed",
            "total_net_input_bytes", "total_net_output_bytes", "syscr", "syscw");

    private RedisWork() {
    }

    /** Every answering node's counters, by port. */
    static Map<Integer, Node> take(List<Integer> ports) {
        Map<Integer, Node> nodes = new LinkedHashMap<>();
        for (int port : ports) {
            read(port).ifPresent(node -> nodes.put(port, node));
        }
        return nodes;
    }

    static Optional<Node> read(int port) {
        String info;
        try (RedisClient redis = RedisClient.connect(port)) {
            info = (String) redis.call("INFO", "everything");
        } catch (IOException e) {
            return Optional.empty();
        }
        Node node = parse(info);
        Long pid = node.counters().get("process_id");
        Map<String, Long> counters = new TreeMap<>(node.counters());
        if (pid != null) {
            counters.putAll(procIo(Path.of("/proc", Long.toString(pid), "io")));
        }
        return Optional.of(new Node(node.commands(), counters));
    }

    /** The commandstats lines and the numeric fields of an INFO reply. */
    static Node parse(String info) {
        Map<String, Command> commands = new TreeMap<>();
        Map<String, Long> counters = new TreeMap<>();
        for (String line : info.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon <= 0 || line.startsWith("#")) {
                continue;
            }
            String name = line.substring(0, colon);
            String value = line.substring(colon + 1).trim();
            if (name.startsWith("cmdstat_")) {
                commands.put(name.substring("cmdstat_".length()), new Command(field(value, "calls"), field(value, "usec")));
            } else if (value.matches("[0-9]+")) {
                counters.put(name, Long.parseLong(value));
            }
        }
        return new Node(commands, counters);
    }

    /** syscr and syscw of a {@code /proc/PID/io} file; none when it cannot be read (another user's Redis). */
    static Map<String, Long> procIo(Path io) {
        Map<String, Long> counters = new TreeMap<>();
        try {
            for (String line : Files.readAllLines(io)) {
                String[] kv = line.split(":\\s*");
                if (kv.length == 2 && (kv[0].equals("syscr") || kv[0].equals("syscw"))) {
                    counters.put(kv[0], Long.parseLong(kv[1].trim()));
                }
            }
        } catch (IOException | RuntimeException e) {
            return Map.of();
        }
        return counters;
    }

    private static long field(String value, String key) {
        for (String part : value.split(",")) {
            if (part.startsWith(key + "=")) {
                return (long) Double.parseDouble(part.substring(key.length() + 1));
            }
        }
        return 0;
    }

    /**
     * The table of a run: per command (most microseconds first) the calls and microseconds per request and
     * the microseconds per call, then the counters per request; summed over the nodes answering both times.
     */
    static String table(Map<Integer, Node> before, Map<Integer, Node> after, long requests, List<Integer> ports) {
        Map<String, long[]> commands = new TreeMap<>();
        Map<String, Long> counters = new LinkedHashMap<>();
        COUNTERS.forEach(c -> counters.put(c, 0L));
        StringBuilder missing = new StringBuilder();
        for (int port : ports) {
            Node b = before.get(port);
            Node a = after.get(port);
            if (a == null || b == null) {
                missing.append(missing.isEmpty() ? "" : ",").append(port);
                continue;
            }
            a.commands().forEach((name, command) -> {
                Command was = b.commands().getOrDefault(name, new Command(0, 0));
                long[] sum = commands.computeIfAbsent(name, n -> new long[2]);
                sum[0] += command.calls() - was.calls();
                sum[1] += command.usec() - was.usec();
            });
            COUNTERS.forEach(c -> counters.merge(c, a.counters().getOrDefault(c, 0L) - b.counters().getOrDefault(c, 0L), Long::sum));
        }
        double n = Math.max(1, requests);
        StringBuilder out = new StringBuilder("# Redis work per request, summed over nodes " + ports
                + (missing.isEmpty() ? "" : " (not answering, left out: " + missing + ")") + "; " + requests + " requests\n");
        out.append("command\tcalls\tcalls_per_request\tusec_per_call\tusec_per_request\n");
        commands.entrySet().stream()
                .filter(e -> e.getValue()[0] > 0)
                .sorted((x, y) -> Long.compare(y.getValue()[1], x.getValue()[1]))
                .forEach(e -> out.append(String.format(Locale.ROOT, "%s\t%d\t%.3f\t%.2f\t%.2f%n", e.getKey(), e.getValue()[0],
                        e.getValue()[0] / n, (double) e.getValue()[1] / e.getValue()[0], e.getValue()[1] / n)));
        long usec = commands.values().stream().mapToLong(v -> v[1]).sum();
        out.append(String.format(Locale.ROOT, "ALL COMMANDS\t%d\t%.3f\t-\t%.2f%n", commands.values().stream().mapToLong(v -> v[0]).sum(),
                commands.values().stream().mapToLong(v -> v[0]).sum() / n, usec / n));
        out.append("counter\ttotal\tper_request\n");
        counters.forEach((name, value) -> out.append(String.format(Locale.ROOT, "%s\t%d\t%.3f%n", name, value, value / n)));
        return out.toString();
    }
}
