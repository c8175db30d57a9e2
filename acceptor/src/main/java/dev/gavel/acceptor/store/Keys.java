package dev.gavel.acceptor.store;

import dev.gavel.contract.RedisKeys;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The KEYS of the acceptor's Lua scripts, in each script's order, built from the contract's key names
 * (docs/redis-layout.md). Callers pass identifiers that are already validated.
 */
public final class Keys {

    private static final String SDK = "sdk";
    private static final String PLATFORM = "platform";
    private static final String COUNTRY = "country";

    private final RedisKeys redisKeys;

    public Keys(RedisKeys redisKeys) {
        this.redisKeys = Objects.requireNonNull(redisKeys, "redisKeys");
    }

    /**
     * KEYS of bid.lua, in its order: item hash, bids list, user items, user bidstats, events stream,
     * then item bidders and {@link #counterKeys} (statistics and recent items).
     */
    public List<String> bidScriptKeys(String item, String username, ClientContext context, long tsMicros) {
        int partition = redisKeys.partitionOf(item);
        List<String> keys = new ArrayList<>(13);
        keys.add(redisKeys.item(item));
        keys.add(redisKeys.itemBids(item));
        keys.add(RedisKeys.userItems(partition, username));
        keys.add(RedisKeys.userBidStats(partition, username));
        keys.add(RedisKeys.events(partition));
        keys.add(redisKeys.itemBidders(item));
        keys.addAll(counterKeys(partition, item, username, context, tsMicros));
        return keys;
    }

    /** KEYS of impression.lua, in its order: item hash, events stream, then {@link #counterKeys}. */
    public List<String> impressionScriptKeys(String item, String username, ClientContext context, long tsMicros) {
        int partition = redisKeys.partitionOf(item);
        List<String> keys = new ArrayList<>(9);
        keys.add(redisKeys.item(item));
        keys.add(RedisKeys.events(partition));
        keys.addAll(counterKeys(partition, item, username, context, tsMicros));
        return keys;
    }

    /**
     * The statistics keys a write increments, all in the item's partition: the per-second bucket,
     * the partition's totals, then one counter hash per dimension, each in its own key space.
     * An absent (empty) context value is not counted at all.
     */
    private static List<String> counterKeys(int partition, String item, String username, ClientContext context,
                                            long tsMicros) {
        List<String> keys = new ArrayList<>(7);
        keys.add(RedisKeys.statsSecond(partition, Math.floorDiv(tsMicros, 1_000_000L)));
        keys.add(RedisKeys.statsTotal(partition));
        keys.add(RedisKeys.statsCounter(partition, "user", username));
        keys.add(RedisKeys.statsCounter(partition, "item", item));
        addEncoded(keys, partition, SDK, context.sdkVersion());
        addEncoded(keys, partition, PLATFORM, context.platform());
        addEncoded(keys, partition, COUNTRY, context.country());
        return keys;
    }

    private static void addEncoded(List<String> keys, int partition, String dimension, String value) {
        if (!value.isEmpty()) {
            keys.add(RedisKeys.statsCounter(partition, dimension, RedisKeys.encode(value)));
        }
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
