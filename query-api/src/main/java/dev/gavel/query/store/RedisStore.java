package dev.gavel.query.store;

import dev.gavel.contract.RedisTarget;
import dev.gavel.query.GavelConfig;
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
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.metrics.MicrometerCommandLatencyRecorder;
import io.lettuce.core.metrics.MicrometerOptions;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one Redis connection of this process: to one Redis, or through Lettuce's cluster client to a Redis
 * Cluster ({@code GAVEL_REDIS_URL} = {@code redis-cluster://host:port,...}). Callers see the commands both
 * share ({@link RedisClusterCommands}, {@link RedisClusterAsyncCommands}), so every reader has one code path.
 * Lettuce pipelines concurrent commands; on a cluster it routes each by its key's slot to the owning primary,
 * so reads sent together before any is awaited make one pipelined round per primary.
 * It connects on first use, so query-api starts (and reports Redis down on /health) while
 * Redis is away; once connected it reconnects by itself and rejects commands while
 * disconnected, so a request fails fast with 503 instead of queueing. Every command's latency is
 * recorded as {@code lettuce_command_completion_seconds} (a histogram per command type).
 *
 * <p>On a cluster Lettuce follows {@code MOVED} and {@code ASK} itself: it re-sends a command only when the
 * reply is one of these redirections, which a node gives instead of running the command. A command that
 * timed out, or whose connection dropped after it was written, is not re-sent (REJECT_COMMANDS makes Lettuce
 * fail what was in flight instead of replaying it after the reconnect): StoreFailures answers 504 for a write.
 * {@code TRYAGAIN} is retried by {@link LuaScript}, the one place that sends multi-key commands.
 */
@Singleton
public class RedisStore implements AutoCloseable {

    /** How often the cluster client reloads the topology when nothing has told it to (resharding, a new primary). */
    static final Duration TOPOLOGY_PERIOD = Duration.ofSeconds(10);
    /** At most one refresh per this for the adaptive triggers (MOVED, ASK, persistent reconnects, an uncovered slot). */
    static final Duration TOPOLOGY_ADAPTIVE_PAUSE = Duration.ofSeconds(1);

    private final Duration timeout;
    private final ClientResources resources;
    private final AbstractRedisClient client;
    private volatile Connected connection;

    public RedisStore(GavelConfig config, MeterRegistry meters) {
        this.timeout = Duration.ofMillis(config.getRedisTimeoutMs());
        List<RedisURI> uris = new ArrayList<>();
        RedisTarget target;
        try {
            target = RedisTarget.parse(config.getRedisUrl());
            for (String url : target.urls()) {
                RedisURI uri = RedisURI.create(url);
                uri.setTimeout(timeout);
                uris.add(uri);
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("GAVEL_REDIS_URL is not a redis:// or redis-cluster:// URL: "
                    + config.getRedisUrl(), e);
        }
        this.resources = DefaultClientResources.builder()
                .commandLatencyRecorder(new MicrometerCommandLatencyRecorder(meters,
                        MicrometerOptions.builder().histogram(true).localDistinction(false).build()))
                .build();
        if (target.cluster()) {
            RedisClusterClient cluster = RedisClusterClient.create(resources, uris);
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
        } else {
            RedisClient single = RedisClient.create(resources, uris.get(0));
            single.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(timeout))
                    .build());
            this.client = single;
        }
    }

    public RedisClusterCommands<String, String> sync() {
        return connection().sync;
    }

    public RedisClusterAsyncCommands<String, String> async() {
        return connection().async;
    }

    /** GAVEL_REDIS_TIMEOUT_MS: Lettuce fails a command that has not answered by then. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * The one way query-api waits for a pipelined reply. Lettuce's own command timeout fails it first;
     * twice that bound is a backstop for a reply that never completes. Every failure stays a
     * RedisException, so StoreFailures can tell 503 (not recorded) from 504 (outcome unknown).
     */
    public <T> T await(RedisFuture<T> reply) {
        return await(reply, timeout.multipliedBy(2));
    }

    /** As {@link #await(RedisFuture)}, with a tighter bound for a caller that promises one. */
    public <T> T await(RedisFuture<T> reply, Duration bound) {
        try {
            return reply.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while waiting for Redis", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new RedisException(e.getCause());
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("redis did not answer within " + bound.toMillis() + " ms");
        }
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
            String info = awaitNode(infos.get(i), primaries.get(i));
            if (!info.contains("cluster_state:ok")) {
                throw new RedisException("primary " + primaries.get(i).getUri() + " reports the cluster not ok");
            }
        }
    }

    private String awaitNode(CompletableFuture<String> reply, RedisClusterNode node) {
        try {
            return reply.get(timeout.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisException("interrupted while asking " + node.getUri(), e);
        } catch (ExecutionException e) {
            throw new RedisException("primary " + node.getUri() + " did not answer: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new RedisCommandTimeoutException("primary " + node.getUri() + " did not answer within "
                    + timeout.toMillis() * 2 + " ms");
        }
    }

    /** A failure to connect is a RedisConnectionException whatever Lettuce raised: nothing was sent (503). */
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

    @PreDestroy
    @Override
    public void close() {
        Connected current = connection;
        if (current != null) {
            current.connection.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
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
