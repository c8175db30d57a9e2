package dev.gavel.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real Redis Cluster on free loopback ports, started and owned by a test: {@code primaries} primaries
 * (at least 3, as {@code redis-cli --cluster create} demands) and {@code replicasEach} replicas of each,
 * every node with the production durability settings (AOF, fsync always). The slots are split evenly
 * over the primaries the way {@code redis-cli} splits them. A test may kill, freeze and restart any node
 * by its own pid.
 */
public final class RedisCluster implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(30);

    private final List<RedisServer> nodes;

    private RedisCluster(List<RedisServer> nodes) {
        this.nodes = nodes;
    }

    public static RedisCluster start(int primaries, int replicasEach) {
        if (primaries < 3) {
            throw new IllegalArgumentException("a Redis Cluster needs at least 3 primaries, got " + primaries);
        }
        List<RedisServer> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < primaries * (1 + replicasEach); i++) {
                nodes.add(RedisServer.startClusterNode());
            }
            RedisCluster cluster = new RedisCluster(nodes);
            cluster.create(replicasEach);
            cluster.awaitReady();
            return cluster;
        } catch (RuntimeException e) {
            nodes.forEach(RedisServer::close);
            throw e;
        }
    }

    /** Every node, primaries first as they were created (a failover may change who is primary since). */
    public List<RedisServer> nodes() {
        return List.copyOf(nodes);
    }

    /** The URL every Gavel service takes for a cluster: {@code redis-cluster://host:port,host:port,...}. */
    public String uri() {
        return "redis-cluster://" + nodes.stream().map(node -> "127.0.0.1:" + node.port())
                .collect(Collectors.joining(","));
    }

    /** A {@code redis-cli} run against the cluster through one of its nodes; returns its output. */
    public String cli(String... args) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "-h", "127.0.0.1", "-p",
                Integer.toString(someRunningNode().port())));
        command.addAll(List.of(args));
        return run(command, Duration.ofMinutes(2));
    }

    /** Waits until every running node reports {@code cluster_state:ok} and knows the same config epoch order. */
    public void awaitReady() {
        Instant deadline = Instant.now().plus(READY_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (nodes.stream().filter(RedisServer::isRunning).allMatch(this::isOk)) {
                return;
            }
            sleep(Duration.ofMillis(100));
        }
        throw new IllegalStateException("the Redis Cluster did not reach cluster_state:ok within " + READY_TIMEOUT);
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }

    private void create(int replicasEach) {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        for (RedisServer node : nodes) {
            command.add("127.0.0.1:" + node.port());
        }
        command.addAll(List.of("--cluster-replicas", Integer.toString(replicasEach), "--cluster-yes"));
        run(command, Duration.ofMinutes(1));
    }

    private boolean isOk(RedisServer node) {
        try {
            String info = run(List.of("redis-cli", "-h", "127.0.0.1", "-p", Integer.toString(node.port()),
                    "CLUSTER", "INFO"), Duration.ofSeconds(5));
            return info.contains("cluster_state:ok");
        } catch (IllegalStateException notYet) {
            return false;
        }
    }

    private RedisServer someRunningNode() {
        return nodes.stream().filter(RedisServer::isRunning).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node of the cluster is running"));
    }

    private static String run(List<String> command, Duration timeout) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within " + timeout);
            }
            String text = new String(output, StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed: " + text);
            }
            return text;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + command.get(0) + " (Debian: apt-get install redis-tools)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + command.get(0), e);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the Redis Cluster", e);
        }
    }
}
