package dev.gavel.query.user;

import dev.gavel.contract.MicroTime;
import dev.gavel.contract.RedisKeys;
import dev.gavel.lettuce.LuaScript;
import dev.gavel.query.store.RedisStore;
import io.lettuce.core.ScriptOutputType;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Writes the credential mirror {@code gavel:user:<username>} that the acceptor checks. A write never
 * lowers the mirrored version: two changes whose writes arrive out of order leave the newer one.
 */
@Singleton
public class UserMirror {

    /** Sets the user's fields unless the mirror already holds this version or a newer one. */
    static final String WRITE_IF_NEWER = """
            local ver = redis.call('HGET', KEYS[1], 'ver')
            if ver and tonumber(ver) and tonumber(ver) >= tonumber(ARGV[4]) then return 0 end
            redis.call('HSET', KEYS[1], 'id', ARGV[1], 'hash', ARGV[2], 'roles', ARGV[3], 'ver', ARGV[4],
                'created_at_us', ARGV[5])
            return 1
            """;
    /** Deletes the mirror entry only if it still belongs to the given user id (an undone registration). */
    static final String DELETE_IF_ID = """
            if redis.call('HGET', KEYS[1], 'id') == ARGV[1] then return redis.call('DEL', KEYS[1]) end
            return 0
            """;
    private static final LuaScript WRITE = new LuaScript(WRITE_IF_NEWER);
    private static final LuaScript DELETE = new LuaScript(DELETE_IF_ID);
    private static final Logger LOG = LoggerFactory.getLogger(UserMirror.class);
    private static final long FIRST_PAUSE_MS = 50;
    private static final long MAX_PAUSE_MS = 400;
    /**
     * One mirror write waits at most this long, whatever GAVEL_REDIS_TIMEOUT_MS says: with the deadline
     * (at most 4 s) it keeps a change, or its undo, in effect in the acceptor within the contract's 5 s.
     */
    private static final Duration ATTEMPT_BOUND = Duration.ofSeconds(1);

    private final RedisStore redis;
    private final long deadlineNanos;
    private final Duration attemptBound;

    public UserMirror(RedisStore redis, @Value("${gavel.accounts.mirror-deadline-ms:2000}") long deadlineMs) {
        if (deadlineMs < 0 || deadlineMs > 4000) {
            throw new IllegalArgumentException("GAVEL_MIRROR_DEADLINE_MS must be from 0 to 4000, got " + deadlineMs);
        }
        this.redis = redis;
        this.deadlineNanos = TimeUnit.MILLISECONDS.toNanos(deadlineMs);
        this.attemptBound = redis.timeout().compareTo(ATTEMPT_BOUND) < 0 ? redis.timeout() : ATTEMPT_BOUND;
    }

    public void write(UserDoc user) {
        WRITE.<Long>run(redis, attemptBound, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.user(user.username())}, user.id(), user.passwordHash(),
                String.join(",", user.roles()), Long.toString(user.credVersion()),
                Long.toString(MicroTime.toMicros(user.createdAt())));
    }

    /**
     * Writes the mirror, retrying while Redis fails, and starts no attempt after GAVEL_MIRROR_DEADLINE_MS
     * (each attempt waits at most 1 s, or GAVEL_REDIS_TIMEOUT_MS if lower, so the last ends within deadline + 1 s).
     * False when none is known to have landed: the caller must undo the change in MongoDB.
     */
    public boolean writeWithinDeadline(UserDoc user) {
        long start = System.nanoTime();
        long pauseMs = FIRST_PAUSE_MS;
        for (int attempt = 1; ; attempt++) {
            try {
                write(user);
                return true;
            } catch (RuntimeException e) {
                long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(pauseMs);
                if (next - start > deadlineNanos) {
                    LOG.warn("credential mirror of user '{}' failed {} times: {}", user.username(), attempt, e.toString());
                    return false;
                }
                sleep(pauseMs);
                pauseMs = Math.min(MAX_PAUSE_MS, pauseMs * 2);
            }
        }
    }

    public void deleteIfId(String username, String id) {
        DELETE.<Long>run(redis, ScriptOutputType.INTEGER, new String[] {RedisKeys.user(username)}, id);
    }

    public boolean exists(String username) {
        return redis.sync().exists(RedisKeys.user(username)) > 0;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying the credential mirror", e);
        }
    }
}
