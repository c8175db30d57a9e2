package dev.gavel.processor.derive;

import dev.gavel.lettuce.LuaScript;
import dev.gavel.processor.stream.RedisConnection;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;

import java.util.List;

/**
 * One of the derive scripts, {@code lua/derive.lua} (a source partition's own batch and its mark) or
 * {@code lua/derive-target.lua} (what batches of other partitions change in a partition), each after
 * {@code lua/derive-operations.lua}, which both apply the same way. Sent by its digest and loaded on
 * whichever node answers NOSCRIPT, as after a restart ({@link LuaScript}): the script body crosses the
 * network once per Redis node, not once per batch.
 */
final class DeriveScript {

    private static final LuaScript SOURCE = LuaScript.fromResources("/lua/derive-operations.lua", "/lua/derive.lua");
    private static final LuaScript TARGET =
            LuaScript.fromResources("/lua/derive-operations.lua", "/lua/derive-target.lua");

    private final RedisConnection redis;
    private final LuaScript script;

    private DeriveScript(RedisConnection redis, LuaScript script) {
        this.redis = redis;
        this.script = script;
    }

    /** The script that applies a source partition's own updates and moves its mark {@code applied}. */
    static DeriveScript source(RedisConnection redis) {
        return new DeriveScript(redis, SOURCE);
    }

    /** The script that applies other partitions' updates to a target partition, by its marks {@code from:<N>}. */
    static DeriveScript target(RedisConnection redis) {
        return new DeriveScript(redis, TARGET);
    }

    /** Sends one script run, pipelined with the others; {@link #answer} waits for its answer. */
    RedisFuture<List<Object>> send(String[] keys, String[] args) {
        return script.send(redis, ScriptOutputType.MULTI, keys, args);
    }

    /** The script's answer (run again where Redis had lost the script, or retried while its slot moved). */
    List<Object> answer(RedisFuture<List<Object>> reply, String[] keys, String[] args) {
        return script.outcome(redis, reply, ScriptOutputType.MULTI, keys, args);
    }

    /** The source script's answer: {@code ok}, or {@code moved} when the mark was no longer where the batch was read after. */
    String outcome(RedisFuture<List<Object>> reply, String[] keys, String[] args) {
        return String.valueOf(answer(reply, keys, args).get(0));
    }
}
