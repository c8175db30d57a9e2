package dev.gavel.processor.derive;

import dev.gavel.processor.stream.RedisConnection;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * One of the derive scripts, {@code lua/derive.lua} (a source partition's own batch and its mark) or
 * {@code lua/derive-target.lua} (what batches of other partitions change in a partition), each after
 * {@code lua/derive-operations.lua}, which both apply the same way. Sent by its digest (EVALSHA) and
 * loaded again when Redis answers NOSCRIPT, as after a restart: the script body crosses the network once
 * per Redis, not once per batch.
 */
final class DeriveScript {

    private static final String OPERATIONS = load("derive-operations.lua");

    private final RedisConnection redis;
    private final String body;
    private volatile String sha;

    private DeriveScript(RedisConnection redis, String file) {
        this.redis = redis;
        this.body = OPERATIONS + load(file);
    }

    /** The script that applies a source partition's own updates and moves its mark {@code applied}. */
    static DeriveScript source(RedisConnection redis) {
        return new DeriveScript(redis, "derive.lua");
    }

    /** The script that applies other partitions' updates to a target partition, by its marks {@code from:<N>}. */
    static DeriveScript target(RedisConnection redis) {
        return new DeriveScript(redis, "derive-target.lua");
    }

    /** Sends one script run, pipelined with the others; {@link #answer} waits for its answer. */
    RedisFuture<List<Object>> send(String[] keys, String[] args) {
        if (sha == null) {
            sha = redis.sync().scriptLoad(body);
        }
        return redis.async().evalsha(sha, ScriptOutputType.MULTI, keys, args);
    }

    /** The script's answer, running it again (once loaded) if Redis had lost it. */
    List<Object> answer(RedisFuture<List<Object>> reply, String[] keys, String[] args) {
        try {
            return redis.await(reply);
        } catch (RedisNoScriptException e) {
            sha = redis.sync().scriptLoad(body);
            return redis.sync().evalsha(sha, ScriptOutputType.MULTI, keys, args);
        }
    }

    /** The source script's answer: {@code ok}, or {@code moved} when the mark was no longer where the batch was read after. */
    String outcome(RedisFuture<List<Object>> reply, String[] keys, String[] args) {
        return String.valueOf(answer(reply, keys, args).get(0));
    }

    private static String load(String file) {
        try (InputStream in = DeriveScript.class.getResourceAsStream("/lua/" + file)) {
            if (in == null) {
                throw new IllegalStateException("lua/" + file + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
