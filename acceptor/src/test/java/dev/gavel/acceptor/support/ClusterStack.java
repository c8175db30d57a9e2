package dev.gavel.acceptor.support;

import dev.gavel.contract.HashSlots;
import dev.gavel.testkit.RedisCluster;
import dev.gavel.testkit.RedisServer;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * A real Redis Cluster, the real acceptor pointed at its {@code redis-cluster://} URL, and a
 * {@link ClusterProbe}: started by a test class, closed with it.
 */
public final class ClusterStack implements AutoCloseable {

    private final RedisCluster cluster;
    private final RunningAcceptor acceptor;
    private final ClusterProbe probe;

    private ClusterStack(RedisCluster cluster, RunningAcceptor acceptor, ClusterProbe probe) {
        this.cluster = cluster;
        this.acceptor = acceptor;
        this.probe = probe;
    }

    public static ClusterStack start(int primaries, int replicasEach, Map<String, String> config) {
        RedisCluster cluster = RedisCluster.start(primaries, replicasEach);
        try {
            List<String> uris = cluster.nodes().stream().map(RedisServer::uri).toList();
            ClusterProbe probe = new ClusterProbe(uris);
            return new ClusterStack(cluster, RunningAcceptor.start(cluster.uri(), config), probe);
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    public RedisCluster cluster() {
        return cluster;
    }

    public RunningAcceptor acceptor() {
        return acceptor;
    }

    public ClusterProbe probe() {
        return probe;
    }

    /** The node serving the slot now, by CLUSTER SLOTS. */
    public RedisServer ownerOf(int slot) {
        int port = ownerPorts(probe)[slot];
        return cluster.nodes().stream().filter(node -> node.port() == port).findFirst()
                .orElseThrow(() -> new IllegalStateException("no test node serves slot " + slot));
    }

    /**
     * One identifier per primary ({@code id.apply(n)} for n = 1, 2, ...), whose key ({@code key.apply(id)})
     * that primary serves: the identifiers land in different partitions on different primaries.
     */
    public List<String> onEveryPrimary(IntFunction<String> id, Function<String, String> key) {
        return onEveryPrimary(probe, id, key);
    }

    /** As {@link #onEveryPrimary(IntFunction, Function)}, for any cluster the probe reaches. */
    public static List<String> onEveryPrimary(ClusterProbe probe, IntFunction<String> id, Function<String, String> key) {
        int[] owners = ownerPorts(probe);
        long primaries = Arrays.stream(owners).distinct().count();
        Map<Integer, String> byPort = new LinkedHashMap<>();
        for (int n = 1; byPort.size() < primaries && n < 10_000; n++) {
            String candidate = id.apply(n);
            byPort.putIfAbsent(owners[HashSlots.slot(key.apply(candidate))], candidate);
        }
        return new ArrayList<>(byPort.values());
    }

    /** Per slot, the port of its primary. */
    private static int[] ownerPorts(ClusterProbe probe) {
        int[] owners = new int[HashSlots.SLOTS];
        for (Response range : probe.call("CLUSTER", "SLOTS")) {
            Arrays.fill(owners, range.get(0).toInteger(), range.get(1).toInteger() + 1, range.get(2).get(1).toInteger());
        }
        return owners;
    }

    @Override
    public void close() {
        try {
            probe.close();
        } finally {
            try {
                acceptor.close();
            } finally {
                cluster.close();
            }
        }
    }
}
