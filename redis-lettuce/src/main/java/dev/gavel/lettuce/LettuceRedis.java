package dev.gavel.lettuce;

import dev.gavel.contract.RedisTarget;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One connection to what {@code GAVEL_REDIS_URL} names: one Redis, or through Lettuce's cluster client a Redis
 * Cluster ({@code redis-cluster://...}). Callers see the commands both share ({@link RedisClusterCommands},
 * {@link RedisClusterAsyncCommands}), so they have one code path. Lettuce pipelines the commands sent together;
 * on a cluster it routes each by its key's slot to the owning primary, so commands sent before any is awaited
 * make one pipelined round per primary. It connects on first use and then reconnects by itself, rejecting
 * commands while disconnected, so a caller fails fast instead of queueing.
 *
 * <p>On a cluster Lettuce follows {@code MOVED} and {@code ASK} itself: it re-sends a command only when the
 * reply is one of these redirections, which a node gives instead of running the command. Nothing else is
 * re-sent: a command that timed out or whose connection dropped after it was written fails (with
 * REJECT_COMMANDS Lettuce fails what was in flight instead of replaying it after the reconnect), and a node
 * connection that closes hands on only commands it never wrote. {@code TRYAGAIN} is retried by
 * {@link LuaScript}, the one place that sends multi-key commands.
 */
public final class LettuceRedis implements RedisAccess, AutoCloseable {

    /** How often the cluster client reloads the topology when nothing has told it to (resharding, a new primary). */
    public static final Duration TOPOLOGY_PERIOD = Duration.ofSeconds(10);
    /** At most one refresh per this for the adaptive triggers (MOVED, ASK, persistent reconnects, an uncovered slot). */
    public static final Duration TOPOLOGY_ADAPTIVE_PAUSE = Duration.ofSeconds(1);

    private final Duration timeout;
    private final AbstractRedisClient client;
    /** The one Redis (null on a cluster): where {@link #connectDedicated()} connects. */
    private final RedisURI single;
    private volatile Connected connection;

    /**
     * {@code resources}: the client resources to use (for example with a latency recorder), or null for
     * Lettuce's defaults. Throws IllegalArgumentException naming the setting when the URL is not a Redis URL.
     */
    public LettuceRedis(String url, Duration timeout, ClientResources resources) {
        this.timeout = timeout;
        RedisTarget target;
        List<RedisURI> uris = new ArrayList<>();
        try {
            target = RedisTarget.parse(url);
            for (String each : target.urls()) {
                RedisURI uri = RedisURI.create(each);
                uri.setTimeout(timeout);
                uris.add(uri);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GAVEL_REDIS_URL is not a redis:// or redis-cluster:// URL: " + url, e);
        }
        if (target.cluster()) {
            RedisClusterClient cluster = resources == null ? RedisClusterClient.create(uris)
                    : RedisClusterClient.create(resources, uris);
            cluster.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(timeout))
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(TOPOLOGY_PERIOD)
                            .enableAllAdaptiveRefreshTriggers()
                            .adaptiveRefreshTriggersTimeout(TOPOLOGY_ADAPTIVE_PAUSE)
                            .build())
                    .build());
            this.client = cluster;
            this.single = null;
        } else {
            RedisClient single = resources == null ? RedisClient.create(uris.get(0))
                    : RedisClient.create(resources, uris.get(0));
            single.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(timeout))
                    .build());
            this.client = single;
            this.single = uris.get(0);
        }
    }

    /** Whether the URL named a Redis Cluster. */
    public boolean cluster() {
        return single == null;
    }

    /**
     * A connection of its own to the one Redis, for a blocking command (XREAD BLOCK), which on the shared
     * connection would hold up every command pipelined behind it. It reconnects by itself like the shared one;
     * the caller closes it. Connects without blocking the caller: a failure completes the future exceptionally.
     * Not on a cluster, where a blocking read of many keys cannot span their slots.
     */
    public CompletableFuture<Dedicated> connectDedicated() {
        if (single == null) {
            throw new IllegalStateException("a dedicated connection is for one Redis, not a cluster");
        }
        return ((RedisClient) client).connectAsync(StringCodec.UTF8, single).toCompletableFuture()
                .thenApply(c -> new Dedicated(c, c.async()));
    }

    /** A connection from {@link #connectDedicated()} and its commands. */
    public record Dedicated(StatefulRedisConnection<String, String> connection, RedisAsyncCommands<String, String> async)
            implements AutoCloseable {

        @Override
        public void close() {
            connection.closeAsync();
        }
    }

    public RedisClusterCommands<String, String> sync() {
        return connection().sync;
    }

    @Override
    public RedisClusterAsyncCommands<String, String> async() {
        return connection().async;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    /**
     * Waits at most {@code bound} for a reply. A reply that does not come is cancelled (it may still have run:
     * callers tell 503 from 504 by the exception) and fails with RedisCommandTimeoutException; every failure is a
     * RedisException.
     */
    @Override
    public <T> T await(RedisFuture<T> reply, Duration bound) {
        return await(reply, bound, "redis");
    }

    /**
     * Throws unless Redis answers: PING on one Redis; on a cluster, CLUSTER INFO on every primary that serves
     * slots (sent to all, then awaited), each answering {@code cluster_state:ok}, so a primary that is down, or a
     * cluster that lost a slot range, shows as Redis down.
     */
    public void checkReachable() {
        Connected current = connection();
        if (!(current.connection instanceof StatefulRedisClusterConnection<String, String> cluster)) {
            current.sync.ping();
            return;
        }
        List<RedisClusterNode> primaries = new ArrayList<>();
        List<CompletableFuture<String>> infos = new ArrayList<>();
        for (RedisClusterNode node : cluster.getPartitions()) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM) && !node.getSlots().isEmpty()) {
                primaries.add(node);
                infos.add(cluster.getConnectionAsync(node.getNodeId())
                        .thenCompose(primary -> primary.async().clusterInfo()));
            }
        }
        if (primaries.isEmpty()) {
            throw new RedisException("the cluster has no primary serving slots");
        }
        for (int i = 0; i < primaries.size(); i++) {
            String info = await(infos.get(i), timeout.multipliedBy(2), "primary " + primaries.get(i).getUri());
            if (!info.contains("cluster_state:ok")) {
                throw new RedisException("primary " + primaries.get(i).getUri() + " reports the cluster not ok");
            }
        }
    }

    @Override
    public synchronized void close() {
        Connected current = connection;
        if (current != null) {
            current.connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private static <T> T await(Future<T> reply, Duration bound, String who) {
        try {
            return reply.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while waiting for " + who, e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime
                    : new RedisException(who + " failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            reply.cancel(true);
            throw new RedisCommandTimeoutException(who + " did not answer within " + bound.toMillis() + " ms");
        }
    }

    /** A failure to connect is a RedisConnectionException whatever Lettuce raised: nothing was sent. */
    private Connected connection() {
        Connected current = connection;
        if (current != null) {
            return current;
        }
        synchronized (this) {
            if (connection == null) {
                try {
                    connection = client instanceof RedisClusterClient cluster
                            ? Connected.of(cluster.connect())
                            : Connected.of(((RedisClient) client).connect());
                } catch (RedisConnectionException e) {
                    throw e;
                } catch (RedisException e) {
                    throw new RedisConnectionException("could not connect to Redis: " + e.getMessage(), e);
                }
            }
            return connection;
        }
    }

    /** A connection and the commands one Redis and a cluster share. */
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
