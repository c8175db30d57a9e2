package dev.gavel.query.shareclass;

import dev.gavel.contract.RedisKeys;
import dev.gavel.query.store.RedisStore;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/**
 * The class hash {@code gavel:{pN}:class:<code>}: catalogue fields written here, the counters
 * {@code issued} and {@code certificates} by the acceptor's certificate script.
 */
@Singleton
public class ShareClassState {

    private final RedisStore redis;
    private final RedisKeys keys;

    public ShareClassState(RedisStore redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** HSET of the catalogue fields only: a re-mirror never resets the counters, so numbers never repeat. */
    public void mirror(ShareClassDoc shareClass) {
        redis.sync().hset(keys.shareClass(shareClass.id()), Map.of(
                "name", shareClass.name(),
                "authorized", Long.toString(shareClass.authorized()),
                "created_at_us", Long.toString(shareClass.createdAtUs())));
    }

    /** Shares issued and certificates issued so far (0 and 0 before the first). */
    public Counters counters(String code) {
        List<String> values = redis.sync().hmget(keys.shareClass(code), "issued", "certificates").stream()
                .map(value -> value.getValueOrElse("0")).toList();
        return new Counters(Long.parseLong(values.get(0)), Long.parseLong(values.get(1)));
    }

    public record Counters(long issued, long certificates) {
    }
}
