package dev.gavel.acceptor.store;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** Key names of docs/redis-layout.md. Callers pass identifiers that are already validated. */
public final class Keys {

    private static final String PREFIX = "gavel:";
    private static final HexFormat HEX = HexFormat.of();

    private final Partitioner partitioner;

    public Keys(Partitioner partitioner) {
        this.partitioner = Objects.requireNonNull(partitioner, "partitioner");
    }

    public static String user(String username) {
        return PREFIX + "user:" + username;
    }

    public String item(String item) {
        return itemPrefix(item);
    }

    public String itemBids(String item) {
        return itemPrefix(item) + ":bids";
    }

    public String userItems(String item, String username) {
        return PREFIX + partitioner.tagOf(item) + ":user:" + username + ":items";
    }

    public String userBidStats(String item, String username) {
        return PREFIX + partitioner.tagOf(item) + ":user:" + username + ":bidstats";
    }

    public String events(String item) {
        return PREFIX + partitioner.tagOf(item) + ":events";
    }

    /**
     * KEYS of bid.lua, in its order: item hash, bids list, user items, user bidstats, events stream,
     * then item bidders and {@link #counterKeys} (statistics and recent items).
     */
    public List<String> bidScriptKeys(String item, String username, ClientContext context, long tsMicros) {
        String tag = PREFIX + partitioner.tagOf(item);
        String itemKey = tag + ":item:" + item;
        String userKey = tag + ":user:" + username;
        List<String> keys = new ArrayList<>(13);
        keys.addAll(List.of(itemKey, itemKey + ":bids", userKey + ":items", userKey + ":bidstats", tag + ":events"));
        keys.add(itemKey + ":bidders");
        keys.addAll(counterKeys(tag, item, username, context, tsMicros));
        return keys;
    }

    /** KEYS of impression.lua, in its order: item hash, events stream, then {@link #counterKeys}. */
    public List<String> impressionScriptKeys(String item, String username, ClientContext context, long tsMicros) {
        String tag = PREFIX + partitioner.tagOf(item);
        List<String> keys = new ArrayList<>(9);
        keys.add(tag + ":item:" + item);
        keys.add(tag + ":events");
        keys.addAll(counterKeys(tag, item, username, context, tsMicros));
        return keys;
    }

    /**
     * The statistics keys a write increments, all in the item's partition: the per-second bucket,
     * the partition's totals, then one counter hash per dimension, each in its own key space.
     * Usernames and item ids are validated identifiers; context values are arbitrary printable
     * text, so they are hex-encoded (UTF-8), and an absent (empty) one is not counted at all.
     */
    private static List<String> counterKeys(String tag, String item, String username, ClientContext context,
                                            long tsMicros) {
        String stats = tag + ":stats:";
        List<String> keys = new ArrayList<>(7);
        keys.add(stats + "second:" + Math.floorDiv(tsMicros, 1_000_000L));
        keys.add(stats + "total");
        keys.add(stats + "user:" + username);
        keys.add(stats + "item:" + item);
        addEncoded(keys, stats + "sdk:", context.sdkVersion());
        addEncoded(keys, stats + "platform:", context.platform());
        addEncoded(keys, stats + "country:", context.country());
        return keys;
    }

    /** A context value as it appears in a key name: lowercase hex of its UTF-8 bytes. */
    public static String encode(String value) {
        return HEX.formatHex(value.getBytes(StandardCharsets.UTF_8));
    }

    private static void addEncoded(List<String> keys, String prefix, String value) {
        if (!value.isEmpty()) {
            keys.add(prefix + encode(value));
        }
    }

    /** KEYS of certificate.lua, in its order: class hash, certificates list, stakeholder index, events stream. */
    public List<String> certificateScriptKeys(String shareClass, String stakeholder) {
        String tag = PREFIX + partitioner.tagOf(shareClass);
        String classKey = tag + ":class:" + shareClass;
        return List.of(classKey, classKey + ":certs", classKey + ":holder:" + base64Url(stakeholder), tag + ":events");
    }

    public String shareClass(String shareClass) {
        return PREFIX + partitioner.tagOf(shareClass) + ":class:" + shareClass;
    }

    /**
     * The record of an Idempotency-Key: scoped to the user and the write's target (an item id or a
     * class code) and tagged with the target's partition, so the write script can touch it atomically.
     * The client's key is free text, so it is base64url-encoded into the name. No key, no record: null.
     */
    public Idempotency idempotency(String target, String username, IdempotencyKey key) {
        if (key == null) {
            return null;
        }
        String recordKey = PREFIX + partitioner.tagOf(target) + ":idem:" + username + ":" + target + ":" + base64Url(key.key());
        return new Idempotency(recordKey, key.fingerprint());
    }

    /** Free text as a key segment: base64url of its UTF-8 bytes, no padding (never a ':', '{' or '}'). */
    static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private String itemPrefix(String item) {
        return PREFIX + partitioner.tagOf(item) + ":item:" + item;
    }
}
