package dev.gavel.processor.closing;

import dev.gavel.lettuce.LuaScript;
import dev.gavel.processor.stream.RedisConnection;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;

import java.util.List;

/**
 * {@code lua/close.lua}, sent by its digest and loaded on whichever node answers NOSCRIPT, as after a restart
 * ({@link LuaScript}). A reply lost with a dead connection is harmless: running the script again for the same
 * item finds it closed ({@code already}) or off the schedule.
 */
final class CloseScript {

    private static final LuaScript SCRIPT = LuaScript.fromResource("/lua/close.lua");

    private final RedisConnection redis;

    CloseScript(RedisConnection redis) {
        this.redis = redis;
    }

    /** Sends one item's close, pipelined with the others; {@link #outcome} waits for its answer. */
    RedisFuture<List<Object>> send(String[] keys, String[] args) {
        return SCRIPT.send(redis, ScriptOutputType.MULTI, keys, args);
    }

    /** The script's answer: its outcome ({@code closed}, {@code already}, {@code moved}, {@code open}) first. */
    List<Object> outcome(RedisFuture<List<Object>> reply, String[] keys, String[] args) {
        return SCRIPT.outcome(redis, reply, ScriptOutputType.MULTI, keys, args);
    }
}
