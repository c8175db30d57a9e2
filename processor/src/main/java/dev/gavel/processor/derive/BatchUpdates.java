package dev.gavel.processor.derive;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The merged updates of one batch read from a source partition's stream, split by the partition their
 * keys are in: the source's own (an item's views, the statistics of the partition) and, per other
 * partition, the keys of users who live there (their items, bidstats and statistics counters). Each
 * part is applied by a script on its own partition, since a script touches one slot.
 */
final class BatchUpdates {

    private final int source;
    private final SortedMap<Integer, ViewUpdates> byPartition = new TreeMap<>();

    BatchUpdates(int source) {
        this.source = source;
    }

    /** The updates of keys in {@code partition}. */
    ViewUpdates in(int partition) {
        return byPartition.computeIfAbsent(partition, p -> new ViewUpdates());
    }

    /** The updates of the source partition's own keys (possibly none: the batch's mark moves anyway). */
    ViewUpdates own() {
        return in(source);
    }

    /** The updates of other partitions' keys, by partition; none is empty. */
    SortedMap<Integer, ViewUpdates> others() {
        SortedMap<Integer, ViewUpdates> others = new TreeMap<>();
        for (Map.Entry<Integer, ViewUpdates> part : byPartition.entrySet()) {
            if (part.getKey() != source && !part.getValue().isEmpty()) {
                others.put(part.getKey(), part.getValue());
            }
        }
        return others;
    }
}
