package dev.gavel.query.user;

import dev.gavel.query.store.RedisKeys;
import dev.gavel.query.store.RedisStore;
import dev.gavel.query.store.Times;
import jakarta.inject.Singleton;

import java.util.Map;

/** Writes the credential mirror {@code gavel:user:<username>} that the acceptor checks. */
@Singleton
public class UserMirror {

    private final RedisStore redis;

    public UserMirror(RedisStore redis) {
        this.redis = redis;
    }

    public void write(UserDoc user) {
        redis.sync().hset(RedisKeys.user(user.username()), Map.of(
                "id", user.id(),
                "hash", user.passwordHash(),
                "roles", String.join(",", user.roles()),
                "ver", Long.toString(user.credVersion()),
                "created_at_us", Long.toString(Times.toMicros(user.createdAt()))));
    }

    public boolean exists(String username) {
        return redis.sync().exists(RedisKeys.user(username)) > 0;
    }
}
