package dev.gavel.processor.stream;

import io.lettuce.core.StreamMessage;

import java.util.ArrayList;
import java.util.List;

/** Entries read in one pass, per partition (index = partition), and whether any partition filled its read. */
public final class Batch {

    private final List<List<StreamMessage<String, String>>> entries;
    private final boolean full;

    Batch(List<List<StreamMessage<String, String>>> entries, boolean full) {
        this.entries = entries;
        this.full = full;
    }

    /** A batch of one partition's entries (claimed ones). */
    static Batch ofPartition(int partitions, int partition, List<StreamMessage<String, String>> claimed) {
        List<List<StreamMessage<String, String>>> entries = new ArrayList<>(partitions);
        for (int p = 0; p < partitions; p++) {
            entries.add(p == partition ? claimed : List.of());
        }
        return new Batch(entries, false);
    }

    public int partitions() {
        return entries.size();
    }

    public List<StreamMessage<String, String>> entries(int partition) {
        return entries.get(partition);
    }

    /** True when a partition returned as many entries as were asked for, so more may be waiting. */
    public boolean full() {
        return full;
    }

    public int size() {
        int size = 0;
        for (List<StreamMessage<String, String>> partition : entries) {
            size += partition.size();
        }
        return size;
    }
}
