package dev.gavel.lettuce;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisFuture;
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
 * A Lua script sent by its digest (EVALSHA), so that its body crosses the network once per Redis node, not
 * once per call. A script's keys are in one slot (one partition's tag, or one user key), so on a cluster the
 * call goes to the primary that owns them, and:
 * <ul>
 *   <li>{@code NOSCRIPT} (that node has no copy: restarted, a promoted replica, SCRIPT FLUSH) is answered by
 *       sending the body once with EVAL, routed by the same keys to the node that refused: it runs the script
 *       and keeps it for the next EVALSHA. NOSCRIPT means nothing ran.</li>
 *   <li>{@code TRYAGAIN} (the slot is being moved between primaries and its keys are split for a moment) is
 *       retried after a short pause until GAVEL_REDIS_TIMEOUT_MS has passed: the node refused before running.</li>
 * </ul>
 * A timeout or a dropped connection is never retried here: whether the script ran is unknown.
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

    /** The script in {@code resource} on the classpath ({@code lua/close.lua}; a leading slash is allowed). */
    public static LuaScript fromResource(String resource) {
        return new LuaScript(text(resource));
    }

    /**
     * One script made of several resources, in order: shared functions first (for example
     * {@code lua/derive-operations.lua}), then the script that calls them.
     */
    public static LuaScript fromResources(String... resources) {
        StringBuilder body = new StringBuilder();
        for (String resource : resources) {
            body.append(text(resource));
        }
        return new LuaScript(body.toString());
    }

    public String sha() {
        return sha;
    }

    public String body() {
        return body;
    }

    /** Sends one call, pipelined with whatever else is sent before it is awaited with {@link #outcome}. */
    public <T> RedisFuture<T> send(RedisAccess redis, ScriptOutputType type, String[] keys, String[] args) {
        redis.beforeSending(this);
        return redis.async().evalsha(sha, type, keys, args);
    }

    /** The answer to a call from {@link #send}, waiting at most twice GAVEL_REDIS_TIMEOUT_MS for each attempt. */
    public <T> T outcome(RedisAccess redis, RedisFuture<T> reply, ScriptOutputType type, String[] keys, String[] args) {
        return outcome(redis, reply, redis.timeout().multipliedBy(2), type, keys, args);
    }

    /**
     * The answer to a call from {@link #send}, made with the same type, keys and arguments, waiting at most
     * {@code bound} for each attempt.
     */
    public <T> T outcome(RedisAccess redis, RedisFuture<T> reply, Duration bound, ScriptOutputType type, String[] keys,
                         String[] args) {
        long deadline = System.nanoTime() + redis.timeout().toNanos();
        long pauseMs = FIRST_PAUSE_MS;
        RedisFuture<T> current = reply;
        while (true) {
            try {
                return redis.await(current, bound);
            } catch (RedisNoScriptException e) {
                current = redis.async().eval(body, type, keys, args);
            } catch (RedisCommandExecutionException e) {
                if (!isTryAgain(e) || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                pause(pauseMs);
                pauseMs = Math.min(MAX_PAUSE_MS, pauseMs * 2);
                current = redis.async().evalsha(sha, type, keys, args);
            }
        }
    }

    /** One call, awaited at most twice GAVEL_REDIS_TIMEOUT_MS per attempt (Lettuce's own timeout fails it first). */
    public <T> T run(RedisAccess redis, ScriptOutputType type, String[] keys, String... args) {
        return run(redis, redis.timeout().multipliedBy(2), type, keys, args);
    }

    /** One call, awaited at most {@code bound} per attempt. */
    public <T> T run(RedisAccess redis, Duration bound, ScriptOutputType type, String[] keys, String... args) {
        return outcome(redis, send(redis, type, keys, args), bound, type, keys, args);
    }

    static boolean isTryAgain(RedisCommandExecutionException e) {
        return e.getMessage() != null && e.getMessage().startsWith("TRYAGAIN");
    }

    private static String text(String resource) {
        String name = resource.startsWith("/") ? resource.substring(1) : resource;
        try (InputStream in = LuaScript.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
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
