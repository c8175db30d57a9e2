package dev.gavel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The promise of the tags: partitions spread evenly over the primaries of a cluster made by redis-cli. */
class PartitionSpreadTest {

    @Test
    void shouldGiveEachOfThreePrimariesAThirdOfTheDefaultPartitionsWithinTenPercent() {
        int[] held = primariesHolding(Partitioner.DEFAULT_PARTITIONS, 3);
        double third = Partitioner.DEFAULT_PARTITIONS / 3.0;
        for (int count : held) {
            assertTrue(Math.abs(count - third) <= third * 0.10, "partitions per primary: " + Arrays.toString(held));
        }
    }

    @Test
    void shouldSplitAPowerOfTwoExactlyOverAPowerOfTwoPrimaries() {
        for (int primaries : new int[] {2, 4, 8}) {
            for (int count : primariesHolding(64, primaries)) {
                assertEquals(64 / primaries, count);
            }
        }
    }

    @Test
    void shouldGiveEveryPartitionASlotOfItsOwn() {
        Set<Integer> slots = new HashSet<>();
        for (int partition = 0; partition < Partitioner.MAX_PARTITIONS; partition++) {
            assertTrue(slots.add(HashSlots.slot(Partitioner.tag(partition))), "partition " + partition);
        }
    }

    /**
     * How many of the first {@code partitions} tags each primary holds when the slots are split into
     * equal contiguous ranges, the way {@code redis-cli --cluster create} splits them.
     */
    private static int[] primariesHolding(int partitions, int primaries) {
        int[] held = new int[primaries];
        for (int partition = 0; partition < partitions; partition++) {
            int slot = HashSlots.slot(Partitioner.tag(partition));
            held[(int) ((long) slot * primaries / HashSlots.SLOTS)]++;
        }
        return held;
    }
}
