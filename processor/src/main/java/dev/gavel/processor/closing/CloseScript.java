package dev.gavel.processor.closing;

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
 * {@code lua/close.lua}, sent by its digest (EVALSHA) and loaded again when Redis answers NOSCRIPT, as
 * after a restart. A reply lost with a dead connection is harmless: running the script again for the same
 * item finds it closed ({@code already}) or off the schedule.
 */
final class CloseScript {

    private static final String BODY = load();

    private final RedisConnection redis;
    private volatile String sha;

    CloseScript(RedisConnection redis) {
        this.redis = redis;
    }

    /** Sends one item's close, pipelined with the others; {@link #outcome} waits for its answer. */
    RedisFuture<List<Object>> send(String[] keys, String[] args) {
        if (sha == null) {
            sha = redis.sync().scriptLoad(BODY);
        }
        return redis.async().evalsha(sha, ScriptOutputType.MULTI, keys, args);
    }

    /** The script's answer: its outcome ({@code closed}, {@code already}, {@code moved}, {@code open}) first. */
    List<Object> outcome(RedisFuture<List<Object>> reply, String[] keys, String[] args) {
        try {
            return redis.await(reply);
        } catch (RedisNoScriptException e) {
            sha = redis.sync().scriptLoad(BODY);
            return redis.sync().evalsha(sha, ScriptOutputType.MULTI, keys, args);
        }
    }

    private static String load() {
        try (InputStream in = CloseScript.class.getResourceAsStream("/lua/close.lua")) {
            if (in == null) {
                throw new IllegalStateException("lua/close.lua is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
