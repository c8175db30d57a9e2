package dev.gavel.acceptor.store;

import dev.gavel.contract.RedisKeys;
import java.util.List;
import java.util.Objects;

/**
 * The KEYS of the acceptor's Lua scripts, in each script's order, built from the contract's key names
 * (docs/redis-layout.md). Callers pass identifiers that are already validated.
 */
public final class Keys {

    private final RedisKeys redisKeys;

    public Keys(RedisKeys redisKeys) {
        this.redisKeys = Objects.requireNonNull(redisKeys, "redisKeys");
    }

    /**
     * KEYS of bid.lua, in its order: item hash, bids list, events stream, the item's secret standings, the
     * partition's closing schedule (soft close and buy-now move the item's time there). The views derived
     * from a bid (a user's items, the bidders, the statistics) are the processor's, so the script gets
     * none of their keys.
     */
    public List<String> bidScriptKeys(String item) {
        int partition = redisKeys.partitionOf(item);
        return List.of(redisKeys.item(item), redisKeys.itemBids(item), RedisKeys.events(partition),
                redisKeys.itemStandings(item), RedisKeys.closing(partition));
    }

    /** KEYS of impression.lua, in its order: item hash, events stream (the statistics are the processor's). */
    public List<String> impressionScriptKeys(String item) {
        return List.of(redisKeys.item(item), RedisKeys.events(redisKeys.partitionOf(item)));
    }

    /** KEYS of certificate.lua, in its order: class hash, certificates list, stakeholder index, events stream. */
    public List<String> certificateScriptKeys(String shareClass, String stakeholder) {
        return List.of(redisKeys.shareClass(shareClass), redisKeys.certificates(shareClass),
                redisKeys.stakeholder(shareClass, stakeholder), RedisKeys.events(redisKeys.partitionOf(shareClass)));
    }

    /**
     * The record of an Idempotency-Key, in the write target's partition so the write script can touch
     * it atomically. No key, no record: null.
     */
    public Idempotency idempotency(String target, String username, IdempotencyKey key) {
        if (key == null) {
            return null;
        }
        return new Idempotency(redisKeys.idempotency(target, username, key.key()), key.fingerprint());
    }
}
