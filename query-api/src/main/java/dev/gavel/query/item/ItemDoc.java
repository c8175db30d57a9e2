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

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An item in MongoDB's {@code items} collection; times as UTC microseconds, money as integer cents. Persisted
 * by the driver's record codec (Bson annotations); Micronaut Data queries by the mapping annotations. The
 * rules are flat fields named as in the Redis item hash ({@link ItemRules}), absent when not set.
 */
@MappedEntity("items")
public record ItemDoc(
        @Id @BsonId @BsonRepresentation(BsonType.STRING) String id,
        String title,
        @Nullable String description,
        @MappedProperty("opens_at_us") @BsonProperty("opens_at_us") @Nullable Long opensAtUs,
        @MappedProperty("closes_at_us") @BsonProperty("closes_at_us") @Nullable Long closesAtUs,
        @MappedProperty("created_at_us") @BsonProperty("created_at_us") long createdAtUs,
        @MappedProperty(ItemRules.START) @BsonProperty(ItemRules.START) @Nullable Long ruleStartCents,
        @MappedProperty(ItemRules.INCREMENT) @BsonProperty(ItemRules.INCREMENT) @Nullable String ruleIncrement,
        @MappedProperty(ItemRules.RESERVE) @BsonProperty(ItemRules.RESERVE) @Nullable Long ruleReserveCents,
        @MappedProperty(ItemRules.BUY_NOW) @BsonProperty(ItemRules.BUY_NOW) @Nullable Long ruleBuyNowCents,
        @MappedProperty(ItemRules.WINDOW) @BsonProperty(ItemRules.WINDOW) @Nullable Long ruleWindowS,
        @MappedProperty(ItemRules.EXTEND) @BsonProperty(ItemRules.EXTEND) @Nullable Long ruleExtendS,
        @MappedProperty(ItemRules.HARD_CLOSE) @BsonProperty(ItemRules.HARD_CLOSE) @Nullable Long ruleHardCloseAtUs,
        @MappedProperty(ItemRevisions.REV) @BsonProperty(ItemRevisions.REV) @Nullable Long rev) {

    public static ItemDoc of(String id, String title, String description, Long opensAtUs, Long closesAtUs,
                             long createdAtUs, ItemRules rules) {
        return new ItemDoc(id, title, description, opensAtUs, closesAtUs, createdAtUs, rules.startCents(),
                rules.increment(), rules.reserveCents(), rules.buyNowCents(), rules.windowS(), rules.extendS(),
                rules.hardCloseAtUs(), null);
    }

    /** An item read through the plain driver (lists), ignoring the fields the processor adds. */
    public static ItemDoc fromDocument(Document doc) {
        Number created = doc.get("created_at_us", Number.class);
        return of(doc.get("_id").toString(), doc.getString("title"), doc.getString("description"),
                longOrNull(doc.get("opens_at_us", Number.class)), longOrNull(doc.get("closes_at_us", Number.class)),
                created == null ? 0 : created.longValue(), ItemRules.fromFields(doc))
                .atRevision(ItemRevisions.revisionOf(doc));
    }

    private static Long longOrNull(Number value) {
        return value == null ? null : value.longValue();
    }

    public ItemRules rules() {
        return new ItemRules(ruleStartCents, ruleIncrement, ruleReserveCents, ruleBuyNowCents, ruleWindowS,
                ruleExtendS, ruleHardCloseAtUs);
    }

    /** The item's revision: how many changes PATCH made to it (ItemRevisions); 0 for one never changed. */
    public long revision() {
        return rev == null ? 0 : rev;
    }

    /** This item at revision {@code revision}. */
    public ItemDoc atRevision(long revision) {
        return new ItemDoc(id, title, description, opensAtUs, closesAtUs, createdAtUs, ruleStartCents, ruleIncrement,
                ruleReserveCents, ruleBuyNowCents, ruleWindowS, ruleExtendS, ruleHardCloseAtUs, revision);
    }

    /** This item with what a PATCH may change replaced. */
    public ItemDoc with(String newTitle, String newDescription, Long newClosesAtUs, ItemRules newRules) {
        return of(id, newTitle, newDescription, opensAtUs, newClosesAtUs, createdAtUs, newRules).atRevision(revision());
    }

    /** The names of the fields a PATCH may change. */
    public static final List<String> CHANGEABLE = Stream.concat(Stream.of("title", "description", "closes_at_us"),
            ItemRules.FIELDS.stream()).toList();

    /** The fields a PATCH may change, each with its value or null when absent (for a $set and $unset). */
    public Map<String, Object> changeableFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("title", title);
        fields.put("description", description);
        fields.put("closes_at_us", closesAtUs);
        fields.putAll(rules().allFields());
        return fields;
    }
}
