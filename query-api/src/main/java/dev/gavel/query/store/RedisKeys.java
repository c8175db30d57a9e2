package dev.gavel.query.store;

import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;

/** Every Redis key name query-api reads or writes, exactly as docs/redis-layout.md lists them. */
@Singleton
public final class RedisKeys {

    private final Partitioner partitioner;

    public RedisKeys(Partitioner partitioner) {
        this.partitioner = partitioner;
    }

    public static String user(String username) {
        return "gavel:user:" + username;
    }

    public String item(String itemId) {
        return "gavel:" + Partitioner.tag(partitioner.partition(itemId)) + ":item:" + itemId;
    }

    public String itemBids(String itemId) {
        return item(itemId) + ":bids";
    }

    public static String userItems(int partition, String username) {
        return "gavel:" + Partitioner.tag(partition) + ":user:" + username + ":items";
    }

    public static String userBidStats(int partition, String username) {
        return "gavel:" + Partitioner.tag(partition) + ":user:" + username + ":bidstats";
    }

    /** The bidders of an item by the time of their last bid on it (written by the bid script). */
    public String itemBidders(String itemId) {
        return item(itemId) + ":bidders";
    }

    /**
     * A statistics counter hash of one partition: {@code dimension} is user, item, sdk, platform or
     * country, each its own key space. Usernames and item ids go in as they are (validated);
     * context values are hex-encoded ({@link #encode}), exactly as the acceptor writes them.
     */
    public static String statsCounter(int partition, String dimension, String keyPart) {
        return "gavel:" + Partitioner.tag(partition) + ":stats:" + dimension + ":" + keyPart;
    }

    public static String statsTotal(int partition) {
        return "gavel:" + Partitioner.tag(partition) + ":stats:total";
    }

    public static String statsSecond(int partition, long epochSecond) {
        return "gavel:" + Partitioner.tag(partition) + ":stats:second:" + epochSecond;
    }

    /** A context value as it appears in a key name: lowercase hex of its UTF-8 bytes. */
    public static String encode(String value) {
        return HexFormat.of().formatHex(value.getBytes(StandardCharsets.UTF_8));
    }

    public int partitionOf(String id) {
        return partitioner.partition(id);
    }

    /** The partition's event stream, written by every write script, read by the archiver. */
    public static String events(int partition) {
        return "gavel:" + Partitioner.tag(partition) + ":events";
    }

    /** The partition's dead-letter stream: stream entries the archiver refused, with the reason. */
    public static String deadLetters(int partition) {
        return "gavel:" + Partitioner.tag(partition) + ":deadletter";
    }

    /** A share class's hash: catalogue fields (query-api) and the certificate script's counters. */
    public String shareClass(String code) {
        return "gavel:" + Partitioner.tag(partitioner.partition(code)) + ":class:" + code;
    }

    /** The class's certificates, number n at index n - 1. */
    public String certificates(String code) {
        return shareClass(code) + ":certs";
    }

    /** The numbers of a stakeholder's certificates of the class; the name is base64url of its UTF-8 bytes. */
    public String stakeholder(String code, String name) {
        return shareClass(code) + ":holder:"
                + Base64.getUrlEncoder().withoutPadding().encodeToString(name.getBytes(StandardCharsets.UTF_8));
    }

    public int partitions() {
        return partitioner.partitions();
    }
}
