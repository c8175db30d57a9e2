package dev.gavel.query.item;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import dev.gavel.query.store.MongoStore;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The MongoDB side of PATCH /items/{item}: each change raises the item document's revision ({@code rev},
 * absent = 0) by one, conditionally on the revision it was made on, and leaves a {@code pending} mark
 * (the revision it was made on, when, and the fields it replaced) until the item's Redis hash is known to
 * be at the same revision, or the change is undone. The mark is what lets a change whose Redis answer was
 * lost be settled later, by whichever process gets to it first (ItemSettler): no other change of the item
 * starts while it is there.
 */
@Singleton
public class ItemRevisions {

    public static final String REV = "rev";
    static final String PENDING = "pending";
    private static final String FROM = "from";
    private static final String AT = "at_us";
    private static final String PREVIOUS = "previous";

    private final MongoStore mongo;

    public ItemRevisions(MongoStore mongo) {
        this.mongo = mongo;
    }

    /** The item document, processor fields and mark included. */
    public Optional<Document> read(String itemId) {
        return Optional.ofNullable(items().find(Filters.eq("_id", itemId)).first());
    }

    /** The items that carry a pending change (for the settling at start). */
    public List<String> pendingItems() {
        List<String> ids = new ArrayList<>();
        for (Document doc : items().find(Filters.exists(PENDING)).projection(new Document("_id", 1))) {
            ids.add(doc.get("_id").toString());
        }
        return ids;
    }

    public static long revisionOf(Document doc) {
        Number rev = doc.get(REV, Number.class);
        return rev == null ? 0 : rev.longValue();
    }

    /** The pending change of an item document, if it has one. */
    public static Optional<Pending> pendingOf(Document doc) {
        Document pending = doc.get(PENDING, Document.class);
        if (pending == null) {
            return Optional.empty();
        }
        return Optional.of(new Pending(pending.get(FROM, Number.class).longValue(),
                pending.get(AT, Number.class).longValue(), pending.get(PREVIOUS, Document.class)));
    }

    /** A change made in MongoDB and not yet known to be in Redis: it goes from revision {@code from} to {@code from + 1}. */
    public record Pending(long from, long atUs, Document previous) {

        public long to() {
            return from + 1;
        }
    }

    /**
     * Writes {@code changed} over {@code current} at the next revision, with the pending mark; false when
     * the document is no longer at {@code current}'s revision or carries another change's mark.
     */
    public boolean begin(ItemDoc current, ItemDoc changed, long nowUs) {
        long from = current.revision();
        // Revision 0: never changed, so no rev field (or a null one, as an item saved whole may carry).
        Bson atRevision = from == 0 ? Filters.or(Filters.eq(REV, 0L), Filters.eq(REV, null))
                : Filters.eq(REV, from);
        Document previous = new Document(current.changeableFields());
        List<Bson> updates = fieldUpdates(changed.changeableFields());
        updates.add(Updates.set(REV, from + 1));
        updates.add(Updates.set(PENDING, new Document(FROM, from).append(AT, nowUs).append(PREVIOUS, previous)));
        return items().updateOne(Filters.and(Filters.eq("_id", current.id()), atRevision, Filters.exists(PENDING, false)),
                Updates.combine(updates)).getMatchedCount() == 1;
    }

    /** The change to revision {@code to} is in Redis too: the mark goes. */
    public void finish(String itemId, long to) {
        items().updateOne(Filters.and(Filters.eq("_id", itemId), Filters.eq(REV, to), Filters.exists(PENDING)),
                Updates.unset(PENDING));
    }

    /**
     * The change to revision {@code to} is in Redis neither, and never will be: the fields it replaced
     * come back, at revision {@code revision} (the one Redis holds).
     */
    public void undo(String itemId, long to, Map<String, Object> previous, long revision) {
        // Every changeable field, so one the change added is removed even if the mark kept no null for it.
        Map<String, Object> fields = new LinkedHashMap<>();
        for (String name : ItemDoc.CHANGEABLE) {
            fields.put(name, previous.get(name));
        }
        List<Bson> updates = fieldUpdates(fields);
        updates.add(Updates.set(REV, revision));
        updates.add(Updates.unset(PENDING));
        items().updateOne(Filters.and(Filters.eq("_id", itemId), Filters.eq(REV, to), Filters.exists(PENDING)),
                Updates.combine(updates));
    }

    /** Sets the fields that have a value and removes those that have none. */
    private static List<Bson> fieldUpdates(Map<String, Object> fields) {
        List<Bson> updates = new ArrayList<>();
        for (Map.Entry<String, Object> field : fields.entrySet()) {
            updates.add(field.getValue() == null ? Updates.unset(field.getKey())
                    : Updates.set(field.getKey(), field.getValue()));
        }
        return updates;
    }

    private MongoCollection<Document> items() {
        return mongo.database().getCollection("items");
    }
}
