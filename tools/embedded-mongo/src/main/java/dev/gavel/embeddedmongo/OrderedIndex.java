package dev.gavel.embeddedmongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A non-unique index of the embedded MongoDB, which mongo-java-server itself only pretends to create
 * (it keeps no entries and never answers a query from it). Each document is one entry of an H2 map
 * ordered by value ({@link KeyValueOrder}): its indexed values followed by its position (its {@code _id}),
 * so equal values stay distinct entries, in position order. {@link IndexScan} reads ranges of it for
 * queries sorted by the index's keys.
 *
 * <p>A document that makes more or fewer than one entry (an array, or an empty one, in an indexed
 * field) marks the index multikey for good: its order is then not MongoDB's sort order, and
 * {@link IndexScan} leaves it alone.
 */
final class OrderedIndex extends Index<Object> {

    private final MVMap<KeyValue, Boolean> map;
    private final MVMap<String, Boolean> multikeyMaps;
    private final String mapName;

    OrderedIndex(String name, List<IndexKey> keys, boolean sparse, MVMap<KeyValue, Boolean> map,
                 MVMap<String, Boolean> multikeyMaps) {
        super(name, keys, sparse);
        this.map = map;
        this.multikeyMaps = multikeyMaps;
        this.mapName = map.getName();
    }

    /** The index's fields, in order. */
    List<IndexKey> fields() {
        return getKeys();
    }

    boolean isMultikey() {
        return multikeyMaps.containsKey(mapName);
    }

    /** A sparse index leaves out documents without its fields: a scan of it would miss them. */
    boolean sparse() {
        return isSparse();
    }

    /** Entries from {@code from} (inclusive; null for the first) below {@code to} (exclusive), in order: their positions. */
    Iterator<Object> positions(KeyValue from, KeyValue to) {
        Cursor<KeyValue, Boolean> cursor = map.cursor(from);
        return new Iterator<>() {
            private KeyValue next = advance();

            private KeyValue advance() {
                if (!cursor.hasNext()) {
                    return null;
                }
                KeyValue key = cursor.next();
                return KeyValueOrder.compare(key, to) < 0 ? key : null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public Object next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                Object position = next.get(next.size() - 1);
                next = advance();
                return position;
            }
        };
    }

    /** How many entries lie from {@code from} (inclusive) below {@code to} (exclusive): a B-tree count, no scan. */
    long count(KeyValue from, KeyValue to) {
        return insertionPoint(to) - insertionPoint(from);
    }

    private long insertionPoint(KeyValue key) {
        if (key == null) {
            return 0;
        }
        long index = map.getKeyIndex(key);
        return index >= 0 ? index : -index - 1;
    }

    @Override
    public Object getPosition(Document document) {
        // Not unique: it cannot name a document's position, and the _id index always does.
        return null;
    }

    @Override
    public void checkAdd(Document document, MongoCollection<Object> collection) {
        // Refuses parallel arrays before any index has changed, as MongoDB does.
        getKeyValues(document);
    }

    @Override
    public synchronized void add(Document document, Object position, MongoCollection<Object> collection) {
        Set<KeyValue> keyValues = getKeyValues(document);
        if (keyValues.size() != 1 && !isMultikey()) {
            multikeyMaps.put(mapName, Boolean.TRUE);
        }
        for (KeyValue keyValue : keyValues) {
            map.put(entry(keyValue, position), Boolean.TRUE);
        }
    }

    @Override
    public synchronized Object remove(Document document) {
        Object position = document.get("_id");
        if (position == null) {
            return null;
        }
        for (KeyValue keyValue : getKeyValues(document)) {
            map.remove(entry(keyValue, position));
        }
        return position;
    }

    @Override
    public boolean canHandle(Document query) {
        // mongo-java-server's own lookup is for exact keys of unique indexes; IndexScan reads this one.
        return false;
    }

    @Override
    public Iterable<Object> getPositions(Document query) {
        throw new UnsupportedOperationException("read through IndexScan");
    }

    @Override
    public long getCount() {
        return map.sizeAsLong();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }

    @Override
    public void checkUpdate(Document oldDocument, Document newDocument, MongoCollection<Object> collection) {
        getKeyValues(newDocument);
    }

    @Override
    public synchronized void updateInPlace(Document oldDocument, Document newDocument, Object position,
                                           MongoCollection<Object> collection) {
        if (!nullAwareEqualsKeys(oldDocument, newDocument)) {
            for (KeyValue keyValue : getKeyValues(oldDocument)) {
                map.remove(entry(keyValue, position));
            }
            add(newDocument, position, collection);
        }
    }

    @Override
    public void drop() {
        map.clear();
        multikeyMaps.remove(mapName);
    }

    private static KeyValue entry(KeyValue values, Object position) {
        List<Object> entry = new ArrayList<>(values.size() + 1);
        values.forEach(entry::add);
        entry.add(position);
        return new KeyValue(entry);
    }
}
