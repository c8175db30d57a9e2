package dev.gavel.processor.derive;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A batch's changes are merged before they reach Redis: one operation per key and field. */
class ViewUpdatesTest {

    @Test
    void shouldMergeABatchIntoOneOperationPerKeyAndField() {
        ViewUpdates updates = new ViewUpdates();
        updates.increment("stats", "bids", 1);
        updates.increment("stats", "bids", 1);
        updates.increment("stats", "impressions", 1);
        updates.raise("bidstats", "i|best", 500);
        updates.raise("bidstats", "i|best", 300);
        updates.raiseScore("items", "i", 10);
        updates.raiseScore("items", "i", 30);
        updates.expireAfterFirstWrite("stats", 120);

        ScriptKeys keys = new ScriptKeys("mark");
        List<String> operations = updates.operations(keys);

        assertEquals(List.of("mark", "stats", "bidstats", "items"), List.of(keys.toArray()));
        assertEquals(List.of(
                "incr", "2", "bids", "2",
                "incr", "2", "impressions", "1",
                "max", "3", "i|best", "500",
                "zmax", "4", "30", "i",
                "ttl", "2", "120", "-"), operations);
    }
}
