package dev.gavel.contract;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Every Redis key name of docs/redis-layout.md. Callers pass identifiers that are already validated
 * (item ids, class codes, usernames); free text (stakeholder names, Idempotency-Keys, context values)
 * is encoded here so it can never forge a key or a hash tag. Methods taking a partition build the keys
 * that exist once per partition; methods taking an id find the partition themselves.
 */
public final class RedisKeys {

    private static final String PREFIX = "gavel:";
    private static final HexFormat HEX = HexFormat.of();

    private final Partitioner partitioner;

    public RedisKeys(Partitioner partitioner) {
        this.partitioner = Objects.requireNonNull(partitioner, "partitioner");
    }

    public int partitions() {
        return partitioner.partitions();
    }

    public int partitionOf(String id) {
        return partitioner.partition(id);
    }

    /** The credential mirror the acceptor checks (fields in {@link UserHash}); not partitioned. */
    public static String user(String username) {
        return PREFIX + "user:" + username;
    }

    /** The start every key of one partition shares: {@code gavel:{pN}}. */
    public static String partitionPrefix(int partition) {
        return PREFIX + Partitioner.tag(partition);
    }

    public String item(String item) {
        return partitionPrefix(partitionOf(item)) + ":item:" + item;
    }

    public String itemBids(String item) {
        return item(item) + ":bids";
    }

    /**
     * Each bidder's standing on an item (firm amount, ceiling, when the ceiling was reached): secret,
     * read and written by the bid script only, never shown.
     */
    public String itemStandings(String item) {
        return item(item) + ":standing";
    }

    /** The bidders of an item by the time of their last bid on it (derived by the processor). */
    public String itemBidders(String item) {
        return item(item) + ":bidders";
    }

    public static String userItems(int partition, String username) {
        return partitionPrefix(partition) + ":user:" + username + ":items";
    }

    public static String userBidStats(int partition, String username) {
        return partitionPrefix(partition) + ":user:" + username + ":bidstats";
    }

    /** The partition's event stream, written by every write script. */
    public static String events(int partition) {
        return partitionPrefix(partition) + ":events";
    }

    /**
     * How far the processor has derived the partition's views from its event stream: a hash whose field
     * {@code applied} is the id of the last entry applied, set in the same script as the views it covers.
     */
    public static String derivedMark(int partition) {
        return partitionPrefix(partition) + ":derived";
    }

    /**
     * The partition's closing schedule: a sorted set of item ids by {@code closes_at_us}, which the
     * processor watches to append each item's {@code item_closed} event once.
     */
    public static String closing(int partition) {
        return partitionPrefix(partition) + ":closing";
    }

    /** The partition's dead-letter stream: stream entries the processor refused, with the reason. */
    public static String deadLetters(int partition) {
        return partitionPrefix(partition) + ":deadletter";
    }

    /**
     * A statistics counter hash of one partition: {@code dimension} is user, item, sdk, platform or
     * country, each its own key space. Usernames and item ids go in as they are; context values must be
     * passed through {@link #encode} first.
     */
    public static String statsCounter(int partition, String dimension, String keyPart) {
        return partitionPrefix(partition) + ":stats:" + dimension + ":" + keyPart;
    }

    public static String statsTotal(int partition) {
        return partitionPrefix(partition) + ":stats:total";
    }

    /** The partition's counters of one second (arrival time, whole seconds since the epoch). */
    public static String statsSecond(int partition, long epochSecond) {
        return partitionPrefix(partition) + ":stats:second:" + epochSecond;
    }

    /** The event stream of the partition an item id or class code falls in. */
    public String eventsOf(String id) {
        return events(partitionOf(id));
    }

    public String deadLettersOf(String id) {
        return deadLetters(partitionOf(id));
    }

    /**
     * The user's items, in the user's own partition ({@code partition(username)}, whatever the items'
     * partitions): what belongs to one user is read from one partition.
     */
    public String userItemsOf(String username) {
        return userItems(partitionOf(username), username);
    }

    /** The user's bid statistics, in the user's own partition. */
    public String userBidStatsOf(String username) {
        return userBidStats(partitionOf(username), username);
    }

    /** The username's statistics counters, in the user's own partition. */
    public String statsUserOf(String username) {
        return statsCounter(partitionOf(username), "user", username);
    }

    /** A statistics counter hash in the partition of the item written to. */
    public String statsCounterOf(String item, String dimension, String keyPart) {
        return statsCounter(partitionOf(item), dimension, keyPart);
    }

    public String statsTotalOf(String item) {
        return statsTotal(partitionOf(item));
    }

    public String statsSecondOf(String item, long epochSecond) {
        return statsSecond(partitionOf(item), epochSecond);
    }

    /** A share class's hash: catalogue fields and the certificate script's counters. */
    public String shareClass(String code) {
        return partitionPrefix(partitionOf(code)) + ":class:" + code;
    }

    /** The class's certificates, number n at index n - 1. */
    public String certificates(String code) {
        return shareClass(code) + ":certs";
    }

    /** The numbers of a stakeholder's certificates of the class. */
    public String stakeholder(String code, String name) {
        return shareClass(code) + ":holder:" + base64Url(name);
    }

    /**
     * The record of an Idempotency-Key, scoped to the user and the write's target (an item id or a class
     * code) and tagged with the target's partition, so the write script can touch it atomically.
     */
    public String idempotency(String target, String username, String clientKey) {
        return partitionPrefix(partitionOf(target)) + ":idem:" + username + ":" + target + ":" + base64Url(clientKey);
    }

    /** A context value as it appears in a key name: lowercase hex of its UTF-8 bytes. */
    public static String encode(String value) {
        return HEX.formatHex(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Free text as a key segment: base64url of its UTF-8 bytes, no padding (never a ':', '{' or '}'). */
    public static String base64Url(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
