package dev.gavel.acceptor.store;

import io.vertx.core.Vertx;
import io.vertx.core.net.NetClientOptions;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;

/** Builds the Redis client of one server verticle from the acceptor's settings. */
public final class RedisClients {

    /** Commands one connection may have in flight: its pipeline. */
    private static final int MAX_WAITING_HANDLERS = 65_536;

    private RedisClients() {
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
