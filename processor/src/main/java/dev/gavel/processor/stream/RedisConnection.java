package dev.gavel.processor.stream;

import dev.gavel.contract.RedisTarget;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The processor's one Redis connection: to one Redis, or through Lettuce's cluster client to a Redis Cluster
 * ({@code GAVEL_REDIS_URL} = {@code redis-cluster://...}). Callers see the commands both share
 * ({@link RedisClusterCommands}, {@link RedisClusterAsyncCommands}), so every pass has one code path. Commands
 * sent together are pipelined: the loop sends one command per partition, then awaits them all; on a cluster
 * Lettuce routes each by its key's slot to the primary's connection, so that is one pipelined round per
 * primary. It connects on first use and reconnects by itself; while disconnected it rejects commands, so a
 * pass fails fast and is retried instead of queueing.
 *
 * <p>On a cluster Lettuce follows {@code MOVED} and {@code ASK} itself (ClusterCommand re-sends a command only
 * when its reply is one of these redirections, which the node gives instead of running it). Nothing else is
 * re-sent: a command that timed out or whose connection dropped after it was written fails here (with
 * REJECT_COMMANDS Lettuce cancels what was in flight instead of replaying it after the reconnect), and a
 * node connection that closes hands on only commands it never wrote. {@code TRYAGAIN} is retried by
 * {@link LuaScript}, the one place that sends multi-key commands.
 */
public final class RedisConnection implements AutoCloseable {

    /** How often the cluster client reloads the topology when nothing has told it to (resharding, a new primary). */
    static final Duration TOPOLOGY_PERIOD = Duration.ofSeconds(10);
    /** At most one refresh per this for the adaptive triggers (MOVED, ASK, persistent reconnects, an uncovered slot). */
    static final Duration TOPOLOGY_ADAPTIVE_PAUSE = Duration.ofSeconds(1);
    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);

    private final Duration timeout;
    private final RedisClient single;
    private final RedisClusterClient cluster;
    private final Set<String> preloaded = ConcurrentHashMap.newKeySet();
    private Connected connected;

    public RedisConnection(String url, Duration timeout) {
        this.timeout = timeout;
        RedisTarget target = RedisTarget.parse(url);
        List<RedisURI> uris = new ArrayList<>();
        for (String each : target.urls()) {
            RedisURI uri = RedisURI.create(each);
            uri.setTimeout(timeout);
            uris.add(uri);
        }
        if (target.cluster()) {
            this.single = null;
            this.cluster = RedisClusterClient.create(uris);
            cluster.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(timeout))
                    .topologyRefreshOptions(topologyRefresh())
                    .build());
        } else {
            this.cluster = null;
            this.single = RedisClient.create(uris.get(0));
            single.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(timeout))
                    .build());
        }
    }

    /** Periodic refresh, and an early one whenever a redirection or a lost node says the topology changed. */
    static ClusterTopologyRefreshOptions topologyRefresh() {
        return ClusterTopologyRefreshOptions.builder()
                .enablePeriodicRefresh(TOPOLOGY_PERIOD)
                .enableAllAdaptiveRefreshTriggers()
                .adaptiveRefreshTriggersTimeout(TOPOLOGY_ADAPTIVE_PAUSE)
                .build();
    }

    public RedisClusterCommands<String, String> sync() {
        return connection().sync;
    }

    public RedisClusterAsyncCommands<String, String> async() {
        return connection().async;
    }

    /**
     * Loads a script on every node once per connection (SCRIPT LOAD, which Lettuce's cluster client sends to
     * each node, replicas included), so the EVALSHAs of a pass run as sent instead of answering NOSCRIPT.
     * Best effort: a node that could not take it now, or loses it later, answers NOSCRIPT and gets it then.
     */
    void preload(LuaScript script) {
        if (!preloaded.add(script.sha())) {
            return;
        }
        try {
            sync().scriptLoad(script.body());
        } catch (RedisException e) {
            LOG.info("script {} not loaded on every node now ({}); a node without it gets it when it answers NOSCRIPT",
                    script.sha(), e.getMessage());
        }
    }

    /** GAVEL_REDIS_TIMEOUT_MS. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * A pipelined reply: Lettuce's command timeout fails it first; twice that is the backstop for a reply
     * that never completes (Lettuce then cancels the command). Failures stay Lettuce's RedisExceptions.
     */
    public <T> T await(RedisFuture<T> reply) {
        return LettuceFutures.awaitOrCancel(reply, timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
    }

    /**
     * Throws unless Redis answers: PING on one Redis; on a cluster, CLUSTER INFO on every primary that serves
     * slots (sent to all, then awaited), each answering {@code cluster_state:ok}, so a primary that is down, or a
     * cluster that lost a slot range, shows as Redis down.
     */
    public void checkReachable() {
        Connected current = connection();
        if (!(current.connection instanceof StatefulRedisClusterConnection<String, String> clusterConnection)) {
            current.sync.ping();
            return;
        }
        List<RedisClusterNode> primaries = new ArrayList<>();
        List<CompletableFuture<String>> infos = new ArrayList<>();
        for (RedisClusterNode node : clusterConnection.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                primaries.add(node);
                infos.add(clusterConnection.getConnectionAsync(node.getNodeId())
                        .thenCompose(primary -> primary.async().clusterInfo()));
            }
        }
        if (primaries.isEmpty()) {
            throw new RedisException("the cluster has no primary serving slots");
        }
        for (int i = 0; i < primaries.size(); i++) {
            String info = awaitFuture(infos.get(i), primaries.get(i));
            if (!info.contains("cluster_state:ok")) {
                throw new RedisException("primary " + primaries.get(i).getUri() + " reports the cluster not ok");
            }
        }
    }

    private String awaitFuture(CompletableFuture<String> reply, RedisClusterNode node) {
        try {
            return reply.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while asking " + node.getUri(), e);
        } catch (ExecutionException e) {
            throw new RedisException("primary " + node.getUri() + " did not answer: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new RedisException("primary " + node.getUri() + " did not answer within " + timeout.toMillis() * 2 + " ms");
        }
    }

    /**
     * Only the loops and the health check use it, so one lock is no contention. A failure to connect is a
     * RedisConnectionException whatever Lettuce raised: nothing was sent.
     */
    private synchronized Connected connection() {
        if (connected == null) {
            try {
                connected = cluster != null ? Connected.of(cluster.connect()) : Connected.of(single.connect());
            } catch (RedisConnectionException e) {
                throw e;
            } catch (RedisException e) {
                throw new RedisConnectionException("could not connect to Redis: " + e.getMessage(), e);
            }
        }
        return connected;
    }

    @Override
    public synchronized void close() {
        if (connected != null) {
            connected.connection.close();
        }
        if (cluster != null) {
            cluster.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } else {
            single.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** A connection and the commands both kinds share. */
    private record Connected(StatefulConnection<String, String> connection, RedisClusterCommands<String, String> sync,
                             RedisClusterAsyncCommands<String, String> async) {

        static Connected of(StatefulRedisConnection<String, String> connection) {
            return new Connected(connection, connection.sync(), connection.async());
        }

        static Connected of(StatefulRedisClusterConnection<String, String> connection) {
            return new Connected(connection, connection.sync(), connection.async());
        }
    }
}
