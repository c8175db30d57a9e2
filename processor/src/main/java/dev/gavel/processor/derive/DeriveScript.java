package dev.gavel.processor.derive;

import dev.gavel.processor.stream.LuaScript;
import dev.gavel.processor.stream.RedisConnection;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;

import java.util.List;

/**
 * {@code lua/derive.lua}, sent by its digest and loaded on whichever node answers NOSCRIPT, as after a restart
 * ({@link LuaScript}): the script body crosses the network once per Redis node, not once per batch.
 */
final class DeriveScript {

    private static final LuaScript SCRIPT = LuaScript.fromResource("/lua/derive.lua");

    private final RedisConnection redis;

    DeriveScript(RedisConnection redis) {
        this.redis = redis;
    }

    /** Sends one partition's batch, pipelined with the others; {@link #outcome} waits for its answer. */
    RedisFuture<List<Object>> send(String[] keys, String[] args) {
        return SCRIPT.send(redis, ScriptOutputType.MULTI, keys, args);
    }

    /** The script's answer: {@code ok}, or {@code moved} when the mark was no longer where the batch was read from. */
    String outcome(RedisFuture<List<Object>> reply, String[] keys, String[] args) {
        List<Object> answer = SCRIPT.outcome(redis, reply, ScriptOutputType.MULTI, keys, args);
        return String.valueOf(answer.get(0));
    }
}
