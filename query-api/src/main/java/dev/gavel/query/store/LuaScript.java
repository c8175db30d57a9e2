package dev.gavel.query.store;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * A Lua script of query-api, sent by its digest (EVALSHA) so that its body crosses the network once per Redis
 * node, not once per call. A script's keys are in one slot (one partition's tag, or the one user key), so on a
 * cluster the call goes to the primary that owns them, and:
 * <ul>
 *   <li>{@code NOSCRIPT} (that node has no copy: restarted, a promoted replica, SCRIPT FLUSH) is answered by
 *       sending the body once with EVAL, routed by the same keys to the node that refused: it runs the script
 *       and keeps it for the next EVALSHA. NOSCRIPT means nothing ran.</li>
 *   <li>{@code TRYAGAIN} (the slot is being moved between primaries and its keys are split for a moment) is
 *       retried after a short pause until GAVEL_REDIS_TIMEOUT_MS has passed: the node refused before running.</li>
 * </ul>
 * A timeout or a dropped connection is never retried here: whether the script ran is unknown (504).
 */
public final class LuaScript {

    private static final long FIRST_PAUSE_MS = 10;
    private static final long MAX_PAUSE_MS = 200;

    private final String body;
    private final String sha;

    public LuaScript(String body) {
        this.body = body;
        this.sha = sha1(body);
    }

    /** The script in {@code resource} on the classpath (for example {@code lua/item_mirror.lua}). */
    public static LuaScript fromResource(String resource) {
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            return new LuaScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The digest Redis knows the script by. */
    public String sha() {
        return sha;
    }

    /** Runs the script, waiting for each attempt as {@link RedisStore#await(io.lettuce.core.RedisFuture)} does. */
    public <T> T run(RedisStore redis, ScriptOutputType type, String[] keys, String... args) {
        return run(redis, redis.timeout().multipliedBy(2), type, keys, args);
    }

    /** Runs the script, waiting at most {@code bound} for each attempt. */
    public <T> T run(RedisStore redis, Duration bound, ScriptOutputType type, String[] keys, String... args) {
        long deadline = System.nanoTime() + redis.timeout().toNanos();
        long pauseMs = FIRST_PAUSE_MS;
        while (true) {
            try {
                return redis.await(redis.async().<T>evalsha(sha, type, keys, args), bound);
            } catch (RedisNoScriptException e) {
                return redis.await(redis.async().<T>eval(body, type, keys, args), bound);
            } catch (RedisCommandExecutionException e) {
                if (!isTryAgain(e) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                pause(pauseMs);
                pauseMs = Math.min(MAX_PAUSE_MS, pauseMs * 2);
            }
        }
    }

    static boolean isTryAgain(RedisCommandExecutionException e) {
        return e.getMessage() != null && e.getMessage().startsWith("TRYAGAIN");
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to retry a script", e);
        }
    }

    private static String sha1(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JVM", e);
        }
    }
}
