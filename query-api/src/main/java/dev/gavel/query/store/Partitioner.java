package dev.gavel.query.store;

import dev.gavel.query.GavelConfig;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/** partition(id) = CRC32(UTF-8 bytes of id) mod P, as docs/redis-layout.md fixes it for every service. */
@Singleton
public final class Partitioner {

    private final int partitions;

    public Partitioner(GavelConfig config) {
        this(config.getPartitions());
    }

    public Partitioner(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1");
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

    public static String tag(int partition) {
        return "{p" + partition + "}";
    }
}
