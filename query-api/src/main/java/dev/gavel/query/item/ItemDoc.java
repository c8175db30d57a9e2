package dev.gavel.query.item;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.codecs.pojo.annotations.BsonId;
import org.bson.codecs.pojo.annotations.BsonProperty;
import org.bson.codecs.pojo.annotations.BsonRepresentation;

/**
 * An item in MongoDB's {@code items} collection; times as UTC microseconds. Persisted by the
 * driver's record codec (Bson annotations); Micronaut Data queries by the mapping annotations.
 */
@MappedEntity("items")
public record ItemDoc(
        @Id @BsonId @BsonRepresentation(BsonType.STRING) String id,
        String title,
        @Nullable String description,
        @MappedProperty("opens_at_us") @BsonProperty("opens_at_us") @Nullable Long opensAtUs,
        @MappedProperty("closes_at_us") @BsonProperty("closes_at_us") @Nullable Long closesAtUs,
        @MappedProperty("created_at_us") @BsonProperty("created_at_us") long createdAtUs) {

    /** An item read through the plain driver (lists), ignoring the fields the processor adds. */
    public static ItemDoc fromDocument(Document doc) {
        Number created = doc.get("created_at_us", Number.class);
        return new ItemDoc(doc.get("_id").toString(), doc.getString("title"), doc.getString("description"),
                longOrNull(doc.get("opens_at_us", Number.class)), longOrNull(doc.get("closes_at_us", Number.class)),
                created == null ? 0 : created.longValue());
    }

    private static Long longOrNull(Number value) {
        return value == null ? null : value.longValue();
    }

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
