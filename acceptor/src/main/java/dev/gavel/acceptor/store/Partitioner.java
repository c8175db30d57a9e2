package dev.gavel.acceptor.store;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** partition(id) = CRC32(UTF-8 bytes of id) mod P, as docs/redis-layout.md fixes it for every service. */
public final class Partitioner {

    private final int partitions;

    public Partitioner(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, got " + partitions);
        }
        this.partitions = partitions;
    }

    public int partitionOf(String id) {
        CRC32 crc = new CRC32();
        crc.update(id.getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % partitions);
    }

    public String tagOf(String id) {
        return "{p" + partitionOf(id) + "}";
    }
}
