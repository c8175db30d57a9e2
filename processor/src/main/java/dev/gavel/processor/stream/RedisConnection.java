package dev.gavel.processor.stream;

import dev.gavel.lettuce.LettuceRedis;
import dev.gavel.lettuce.LuaScript;
import dev.gavel.lettuce.RedisAccess;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The processor's one Redis connection (one Redis or a cluster, {@link LettuceRedis}). Commands sent together
 * are pipelined: a pass sends one command per partition, then awaits them all, which on a cluster is one
 * pipelined round per primary. While disconnected it rejects commands, so a pass fails fast and is retried
 * instead of queueing. Its scripts are loaded on every node at their first use on the connection, because a
 * pass may send a script and die before awaiting it: that call must still run, not answer NOSCRIPT to nobody.
 */
public final class RedisConnection implements RedisAccess, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisConnection.class);

    private final LettuceRedis redis;
    private final Set<String> preloaded = ConcurrentHashMap.newKeySet();

    public RedisConnection(String url, Duration timeout) {
        this.redis = new LettuceRedis(url, timeout, null);
    }

    public RedisClusterCommands<String, String> sync() {
        return redis.sync();
    }

    @Override
    public RedisClusterAsyncCommands<String, String> async() {
        return redis.async();
    }

    /** GAVEL_REDIS_TIMEOUT_MS. */
    @Override
    public Duration timeout() {
        return redis.timeout();
    }

    /**
     * A pipelined reply: Lettuce's command timeout fails it first; twice that is the backstop for a reply
     * that never completes. Failures stay Lettuce's RedisExceptions.
     */
    public <T> T await(RedisFuture<T> reply) {
        return redis.await(reply, redis.timeout().multipliedBy(2));
    }

    @Override
    public <T> T await(RedisFuture<T> reply, Duration bound) {
        return redis.await(reply, bound);
    }

    /**
     * Loads a script on every node once per connection (SCRIPT LOAD, which Lettuce's cluster client sends to
     * each node, replicas included), so the EVALSHAs of a pass run as sent instead of answering NOSCRIPT.
     * Best effort: a node that could not take it now, or loses it later, answers NOSCRIPT and gets it then.
     */
    @Override
    public void beforeSending(LuaScript script) {
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

    /** Throws unless Redis answers ({@link LettuceRedis#checkReachable}). */
    public void checkReachable() {
        redis.checkReachable();
    }

    @Override
    public void close() {
        redis.close();
    }
}
