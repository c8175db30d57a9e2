package dev.gavel.acceptor.store;

import java.util.List;
import java.util.Objects;

/** Key names of docs/redis-layout.md. Callers pass identifiers that are already validated. */
public final class Keys {

    private static final String PREFIX = "gavel:";

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

    /** KEYS of bid.lua, in its order: item hash, bids list, user items, user bidstats, events stream. */
    public List<String> bidScriptKeys(String item, String username) {
        String tag = PREFIX + partitioner.tagOf(item);
        String itemKey = tag + ":item:" + item;
        String userKey = tag + ":user:" + username;
        return List.of(itemKey, itemKey + ":bids", userKey + ":items", userKey + ":bidstats", tag + ":events");
    }

    private String itemPrefix(String item) {
        return PREFIX + partitioner.tagOf(item) + ":item:" + item;
    }
}
