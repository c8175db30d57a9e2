package dev.gavel.contract;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.zip.CRC32;

/**
 * partition(id) = CRC32(UTF-8 bytes of id) mod P, and each partition's hash tag (docs/redis-layout.md).
 * P must be the same for every process of a stack.
 *
 * <p>Tags are chosen so that their Redis Cluster slots are evenly spaced: partition N's tag is
 * {@code {p<N>-<k>}} with the smallest k ≥ 0 whose slot is {@link #slotOf(int) slotOf(N)}, the bit
 * reversal of N in 14 bits (the van der Corput sequence over the 16,384 slots). So the first P tags split
 * the slots into P equal steps when P is a power of two, and nearly so otherwise, and a cluster whose
 * primaries hold equal slot ranges holds equal shares of the partitions; resharding by slots moves whole
 * partitions. A tag depends on N alone, never on P.
 */
public final class Partitioner {

    public static final int MIN_PARTITIONS = 1;
    /**
     * Each tag is found by a search that costs about 16,384 CRC16 rounds, so P is kept where every
     * process finds all tags in a few milliseconds; 1,024 partitions spread over far more shards than
     * one stack runs.
     */
    public static final int MAX_PARTITIONS = 1_024;
    /** A power of two (evenly spaced slots) with a third of them within 10 % on each of 3 primaries. */
    public static final int DEFAULT_PARTITIONS = 32;

    private static final int SLOT_BITS = 14;
    private static final ConcurrentMap<Integer, String> TAGS = new ConcurrentHashMap<>();

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

    /** The hash tag of a partition, braces included; every key one write script touches carries the same one. */
    public static String tag(int partition) {
        if (partition < 0 || partition >= MAX_PARTITIONS) {
            throw new IllegalArgumentException("partition must be between 0 and " + (MAX_PARTITIONS - 1)
                    + ", got " + partition);
        }
        return TAGS.computeIfAbsent(partition, Partitioner::findTag);
    }

    /** The Redis Cluster slot of a partition's keys: N's 14 bits in reverse order. */
    public static int slotOf(int partition) {
        return Integer.reverse(partition) >>> (Integer.SIZE - SLOT_BITS);
    }

    public String tagOf(String id) {
        return tag(partition(id));
    }

    /** The CRC of the tag's fixed start is computed once; each candidate k only adds its digits. */
    private static String findTag(int partition) {
        int slot = slotOf(partition);
        byte[] start = ("p" + partition + "-").getBytes(StandardCharsets.US_ASCII);
        int startCrc = HashSlots.crc16(0, start, 0, start.length);
        byte[] digits = new byte[10];
        for (int k = 0; ; k++) {
            int length = 0;
            for (int rest = k; length == 0 || rest > 0; rest /= 10) {
                digits[length++] = (byte) ('0' + rest % 10);
            }
            reverse(digits, length);
            if ((HashSlots.crc16(startCrc, digits, 0, length) & (HashSlots.SLOTS - 1)) == slot) {
                String tag = "{p" + partition + "-" + k + "}";
                assert HashSlots.slot(tag) == slot;
                return tag;
            }
        }
    }

    private static void reverse(byte[] bytes, int length) {
        for (int i = 0, j = length - 1; i < j; i++, j--) {
            byte swap = bytes[i];
            bytes[i] = bytes[j];
            bytes[j] = swap;
        }
    }
}
