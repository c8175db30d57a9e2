package dev.gavel.acceptor.store;

import dev.gavel.contract.RedisTarget;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import java.util.ArrayList;
import java.util.List;

/** Builds the Redis client of one server verticle from the acceptor's settings. */
public final class RedisClients {

    /** Commands one connection may have in flight: its pipeline. */
    private static final int MAX_WAITING_HANDLERS = 65_536;
    /** How {@link RedisTarget} writes each seed node of a cluster. */
    private static final String SEED_PREFIX = "redis://";

    private RedisClients() {
    }

    /**
     * Where the commands of one server verticle go: one Redis for a {@code redis://} URL, the primaries of a
     * cluster for a {@code redis-cluster://} one ({@link RedisTarget}), each over {@code connections}
     * pipelined connections. {@code waitReplicas} above 0: every write script is followed by WAIT for that
     * many replicas.
     */
    public static RedisNodes nodes(Vertx vertx, String url, int connections, long timeoutMs, int waitReplicas) {
        NodeCalls calls = new NodeCalls(waitReplicas, timeoutMs / 2);
        // One Redis's URL goes to the client as it is (unix:// too); only a cluster's needs reading.
        if (!url.startsWith(RedisTarget.CLUSTER_SCHEME)) {
            return new SingleRedis(create(vertx, url, connections, timeoutMs), calls);
        }
        RedisTarget target = RedisTarget.parse(url);
        List<String> seeds = new ArrayList<>();
        String credentials = "";
        for (String seed : target.urls()) {
            String node = seed.substring(SEED_PREFIX.length());
            int at = node.lastIndexOf('@');
            if (at >= 0) {
                credentials = node.substring(0, at + 1);
            }
            seeds.add(node.substring(at + 1));
        }
        // The nodes CLUSTER SLOTS names come without the password the seeds carry (redis-cluster://:pw@h:p,...).
        String userInfo = credentials;
        return new ClusterRedis(vertx, seeds,
                address -> create(vertx, SEED_PREFIX + userInfo + address, connections, timeoutMs), calls, timeoutMs);
    }

    /**
     * {@code connections} long-lived pipelined connections (see {@link PipelinedRedis}), each from a
     * client of its own; one that answers nothing for {@code timeoutMs} is replaced.
     */
    public static PipelinedRedis create(Vertx vertx, String url, int connections, long timeoutMs) {
        NetClientOptions net = new NetClientOptions()
                .setConnectTimeout((int) Math.min(Integer.MAX_VALUE, timeoutMs))
                .setTcpNoDelay(true)
                .setTcpKeepAlive(true);
        RedisOptions options = new RedisOptions()
                .setConnectionString(url)
                .setMaxPoolSize(1)
                .setMaxWaitingHandlers(MAX_WAITING_HANDLERS)
                .setNetClientOptions(net);
        return new PipelinedRedis(() -> Redis.createClient(vertx, options), connections, timeoutMs);
    }
}
