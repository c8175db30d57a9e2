package dev.gavel.lettuce;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import java.time.Duration;

/** What a {@link LuaScript} needs of a service's Redis connection. */
public interface RedisAccess {

    RedisClusterAsyncCommands<String, String> async();

    /** GAVEL_REDIS_TIMEOUT_MS: how long a script may keep retrying TRYAGAIN. */
    Duration timeout();

    /** Waits at most {@code bound} for a reply; every failure is a Lettuce RedisException. */
    <T> T await(RedisFuture<T> reply, Duration bound);

    /**
     * Called before a script is sent. A service that loads its scripts ahead (so that a call sent and never
     * awaited still runs, instead of answering NOSCRIPT to nobody) does it here; the default does nothing.
     */
    default void beforeSending(LuaScript script) {
    }
}
