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
 * {@code lua/derive.lua}, sent by its digest (EVALSHA) and loaded again when Redis answers NOSCRIPT, as
 * after a restart: the script body crosses the network once per Redis, not once per batch.
 */
final class DeriveScript {

    private static final String BODY = load();

    private final RedisConnection redis;
    private volatile String sha;

    DeriveScript(RedisConnection redis) {
        this.redis = redis;
    }

    /** Sends one partition's batch, pipelined with the others; {@link #outcome} waits for its answer. */
    RedisFuture<List<Object>> send(String[] keys, String[] args) {
        if (sha == null) {
            sha = redis.sync().scriptLoad(BODY);
        }
        return redis.async().evalsha(sha, ScriptOutputType.MULTI, keys, args);
    }

    /** The script's answer: {@code ok}, or {@code moved} when the mark was no longer where the batch was read from. */
    String outcome(RedisFuture<List<Object>> reply, String[] keys, String[] args) {
        List<Object> answer;
        try {
            answer = redis.await(reply);
        } catch (RedisNoScriptException e) {
            sha = redis.sync().scriptLoad(BODY);
            answer = redis.sync().evalsha(sha, ScriptOutputType.MULTI, keys, args);
        }
        return String.valueOf(answer.get(0));
    }

    private static String load() {
        try (InputStream in = DeriveScript.class.getResourceAsStream("/lua/derive.lua")) {
            if (in == null) {
                throw new IllegalStateException("lua/derive.lua is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
