package dev.gavel.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The Gavel stack under test, as bin/gavel runs it, with the runner's own GAVEL_PORT and a
 * GAVEL_HOME under the results directory (so it never touches a stack someone else runs).
 */
final class Stack {

    private static final Duration UP_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration DEMO_TIMEOUT = Duration.ofMinutes(1);

    private final Path gavel;
    private final Path home;
    private final Path log;
    private final Commands commands;
    private boolean started;

    /** {@code commands} carry the stack's settings (GAVEL_PORT, GAVEL_HOME, ...) in their environment. */
    Stack(Path root, Path home, Path log, Commands commands) {
        this.gavel = root.resolve("bin/gavel");
        this.home = home;
        this.log = log;
        this.commands = commands;
    }

    /**
     * bin/gavel up with this many acceptors. up is idempotent: a second try starts only what did not
     * come up (on a loaded machine a health check can miss its deadline).
     */
    void up(int acceptors) {
        started = true;
        Map<String, String> env = Map.of("GAVEL_ACCEPTORS", Integer.toString(acceptors));
        if (commands.run(List.of(gavel.toString(), "up"), env, log, UP_TIMEOUT) != 0
                && commands.run(List.of(gavel.toString(), "up"), env, log, UP_TIMEOUT) != 0) {
            throw new BenchFailure("bin/gavel up (" + acceptors + " acceptors) failed; see " + log);
        }
    }

    void demo() {
        if (commands.run(List.of(gavel.toString(), "demo"), Map.of(), log, DEMO_TIMEOUT) != 0) {
            throw new BenchFailure("bin/gavel demo failed; see " + log);
        }
    }

    /**
     * bin/gavel down, if up was called since the last down: it stops exactly what up started, by
     * recorded pid. A second call is then a no-op (the main stack is stopped before the cluster stack
     * starts, and again at the end of the run).
     */
    boolean down() {
        if (!started) {
            return true;
        }
        boolean down = commands.run(List.of(gavel.toString(), "down"), Map.of(), log, UP_TIMEOUT) == 0;
        started = !down;
        return down;
    }

    Path runDir() {
        return home.resolve("run");
    }

    /** A component's port, from GAVEL_HOME/run/ports. */
    int port(String component) {
        Integer port = ports().get(component);
        if (port == null) {
            throw new BenchFailure("bin/gavel recorded no port for " + component);
        }
        return port;
    }

    Map<String, Integer> ports() {
        try {
            Map<String, Integer> ports = new TreeMap<>();
            for (String line : Files.readAllLines(runDir().resolve("ports"))) {
                int eq = line.indexOf('=');
                if (eq > 0 && line.substring(eq + 1).trim().matches("[0-9]+")) {
                    ports.put(line.substring(0, eq).trim(), Integer.parseInt(line.substring(eq + 1).trim()));
                }
            }
            return ports;
        } catch (IOException e) {
            throw new BenchFailure("cannot read " + runDir().resolve("ports") + ": " + e.getMessage(), e);
        }
    }

    /**
     * The port of every Redis primary of this stack: {@code redis} for one Redis, or each cluster node
     * {@code redis-1} .. {@code redis-N} in node order (not their cluster bus ports, {@code redis-K-bus}).
     * The runner starts its cluster without replicas, so every node is a primary.
     */
    List<Integer> redisPorts() {
        List<Integer> ports = redisPorts(ports());
        if (ports.isEmpty()) {
            throw new BenchFailure("bin/gavel recorded no Redis port in " + runDir().resolve("ports"));
        }
        return ports;
    }

    static List<Integer> redisPorts(Map<String, Integer> ports) {
        Map<Integer, Integer> byNode = new TreeMap<>();
        ports.forEach((component, port) -> {
            if (component.equals("redis")) {
                byNode.put(0, port);
            } else if (component.matches("redis-[0-9]+")) {
                byNode.put(Integer.parseInt(component.substring("redis-".length())), port);
            }
        });
        return List.copyOf(byNode.values());
    }

    Optional<Long> pid(String component) {
        return Optional.ofNullable(new TrackedProcesses(runDir(), Map.of()).componentPids().get(component));
    }

    /** The pids of every component bin/gavel recorded, right now. */
    Collection<Long> pids() {
        return new TrackedProcesses(runDir(), Map.of()).componentPids().values();
    }
}
