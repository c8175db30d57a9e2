package dev.gavel.embeddedmongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An H2-backed database of the embedded MongoDB whose unique indexes use {@link KeyValueOrder}, whose
 * non-unique indexes are real ({@link OrderedIndex}), whose collections answer sorted queries from
 * them ({@link ScanningH2Collection}) and store their documents as BSON ({@link BsonDocumentType}). An index
 * map written by the plain H2 backend (ordered by serialized bytes) is re-inserted once in value order
 * when first opened, and the map of re-ordered names records that, so an older data directory keeps
 * working.
 */
final class ValueOrderedH2Database extends H2Database {

    private static final Logger LOG = LoggerFactory.getLogger(ValueOrderedH2Database.class);
    // No dot: every "<database>.<collection>" name belongs to mongo-java-server.
    private static final String REORDERED = "gavel-value-ordered-indexes";
    /** Names of the non-unique index maps that hold an array-valued document ({@link OrderedIndex}). */
    private static final String MULTIKEY = "gavel-multikey-indexes";

    private final MVStore store;

    ValueOrderedH2Database(String name, MVStore store, CursorRegistry cursors) {
        super(name, store, cursors);
        this.store = store;
        // The superclass constructor opens the indexes before this class's fields are set (see below).
        super.initializeNamespacesAndIndexes();
    }

    @Override
    protected void initializeNamespacesAndIndexes() {
        if (store != null) {
            super.initializeNamespacesAndIndexes();
        }
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                    boolean sparse) {
        String mapName = mapName(collectionName, indexName);
        MVMap<KeyValue, Object> map = store.openMap(mapName,
                new MVMap.Builder<KeyValue, Object>().keyType(KeyValueOrder.INSTANCE));
        MVMap<String, Boolean> reordered = store.openMap(REORDERED);
        if (!reordered.containsKey(mapName)) {
            reorder(mapName, map);
            reordered.put(mapName, Boolean.TRUE);
        }
        return new Unique(map, indexName, keys, sparse);
    }

    /**
     * A real non-unique index ({@link OrderedIndex}) where mongo-java-server keeps none. An index created
     * by an older build (no entries) is filled from the collection when the collection opens it.
     */
    @Override
    protected Index<Object> openOrCreateSecondaryIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                       boolean sparse) {
        MVMap<KeyValue, Boolean> map = store.openMap(mapName(collectionName, indexName),
                new MVMap.Builder<KeyValue, Boolean>().keyType(KeyValueOrder.INSTANCE));
        return new OrderedIndex(indexName, keys, sparse, map, store.openMap(MULTIKEY));
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String fullName = getFullCollectionNamespace(collectionName);
        // The map names of H2Database.openOrCreateCollection, so an existing data directory opens as before.
        MVMap<Object, Document> dataMap = store.openMap("databases." + fullName,
                new MVMap.Builder<Object, Document>().valueType(BsonDocumentType.INSTANCE));
        MVMap<String, Object> metaMap = store.openMap("meta." + fullName);
        return new ScanningH2Collection(this, collectionName, options, store, dataMap, metaMap, cursorRegistry);
    }

    private String mapName(String collectionName, String indexName) {
        return getFullCollectionNamespace(collectionName) + "._index_" + indexName;
    }

    /** Re-inserts every entry, so the map's order is the value order its lookups now assume. */
    private static void reorder(String mapName, MVMap<KeyValue, Object> map) {
        if (map.isEmpty()) {
            return;
        }
        List<Map.Entry<KeyValue, Object>> entries = new ArrayList<>(map.size());
        for (Map.Entry<KeyValue, Object> entry : map.entrySet()) {
            entries.add(Map.entry(entry.getKey(), entry.getValue()));
        }
        map.clear();
        for (Map.Entry<KeyValue, Object> entry : entries) {
            map.put(entry.getKey(), entry.getValue());
        }
        LOG.info("index {} re-ordered by value ({} keys)", mapName, entries.size());
    }

    /** A unique index on an H2 map; positions are the collection's document ids. */
    private static final class Unique extends AbstractUniqueIndex<Object> {

        private final MVMap<KeyValue, Object> map;

        Unique(MVMap<KeyValue, Object> map, String name, List<IndexKey> keys, boolean sparse) {
            super(name, keys, sparse);
            this.map = map;
        }

        @Override
        protected Object removeDocument(KeyValue key) {
            return map.remove(key);
        }

        @Override
        protected boolean putKeyPosition(KeyValue key, Object position) {
            return map.putIfAbsent(key, Missing.ofNullable(position)) == null;
        }

        @Override
        protected Iterable<Map.Entry<KeyValue, Object>> getIterable() {
            return map.entrySet();
        }

        @Override
        protected Object getPosition(KeyValue key) {
            return map.get(key);
        }

        @Override
        public long getCount() {
            return map.sizeAsLong();
        }

        @Override
        public boolean isEmpty() {
            return map.isEmpty();
        }

        @Override
        public long getDataSize() {
            return getCount();
        }
    }
}
