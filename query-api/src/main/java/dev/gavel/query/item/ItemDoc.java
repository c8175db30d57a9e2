package dev.gavel.query.item;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;

/** An item in MongoDB's {@code items} collection; times as UTC microseconds. */
@MappedEntity("items")
public record ItemDoc(
        @Id String id,
        String title,
        @Nullable String description,
        @MappedProperty("opens_at_us") @Nullable Long opensAtUs,
        @MappedProperty("closes_at_us") @Nullable Long closesAtUs,
        @MappedProperty("created_at_us") long createdAtUs) {

    /** scheduled before opens_at, closed from closes_at on, open in between. */
    public String status(long nowUs) {
        if (opensAtUs != null && nowUs < opensAtUs) {
            return "scheduled";
        }
        if (closesAtUs != null && nowUs >= closesAtUs) {
            return "closed";
        }
        return "open";
    }
}
