package dev.gavel.contract;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * partition(id) = CRC32(UTF-8 bytes of id) mod P, and its hash tag {@code {pN}} (docs/redis-layout.md).
 * P must be the same for every process of a stack. It is bounded by the number of Redis Cluster hash
 * slots: more partitions than slots could never be spread over a cluster.
 */
public final class Partitioner {

    public static final int MIN_PARTITIONS = 1;
    public static final int MAX_PARTITIONS = 16_384;

    private final int partitions;

    public Partitioner(int partitions) {
        if (partitions < MIN_PARTITIONS || partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException("partitions must be between " + MIN_PARTITIONS + " and "
                    + MAX_PARTITIONS + ", got " + partitions);
        }
        this.partitions = partitions;
    }

    public int partitions() {
        return partitions;
    }

    public int partition(String id) {
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }

    /** The hash tag of a partition; every key one write script touches carries the same one. */
    public static String tag(int partition) {
        return "{p" + partition + "}";
    }

    public String tagOf(String id) {
        return tag(partition(id));
    }
}
