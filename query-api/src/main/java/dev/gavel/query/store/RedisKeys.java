package dev.gavel.query.store;

import jakarta.inject.Singleton;

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

    public int partitions() {
        return partitioner.partitions();
    }
}
