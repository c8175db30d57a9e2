package dev.gavel.embeddedmongo;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An H2 collection that answers a sorted query from an {@link OrderedIndex} when one fits
 * ({@link IndexScan}): it reads documents in the sort's order and stops at the limit, where
 * mongo-java-server reads and sorts every document of the collection. Anything else, and a query a unique
 * index answers by its exact key, goes the library's way.
 */
final class ScanningH2Collection extends H2Collection {

    private final MVStore store;

    ScanningH2Collection(MongoDatabase database, String collectionName, CollectionOptions options, MVStore store,
                         MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursors) {
        super(database, collectionName, options, dataMap, metaMap, cursors);
        this.store = store;
    }

    /**
     * Every query reads the store's current version while it lasts: a long read (a scan of a large
     * collection on a busy machine) otherwise meets pages that the background writer has meanwhile
     * moved and whose old chunk it freed ("Chunk N not found").
     */
    @Override
    protected QueryResult queryDocuments(Document query, Document orderBy, int numberToSkip, int limit,
                                         int batchSize, Document fieldSelector) {
        MVStore.TxCounter reading = store.registerVersionUsage();
        try {
            return read(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        } finally {
            store.deregisterVersionUsage(reading);
        }
    }

    private QueryResult read(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                             Document fieldSelector) {
        Optional<IndexScan> scan = uniqueLookup(query) ? Optional.empty()
                : IndexScan.plan(query, orderBy, getIndexes());
        if (scan.isEmpty()) {
            return super.queryDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        Iterator<Object> positions = scan.get().positions();
        Stream<Document> documents = StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(positions, Spliterator.ORDERED), false)
                .map(this::getDocument)
                .filter(Objects::nonNull);
        // Already in the sort's order: no comparator, so the stream stops reading at the limit.
        return matchDocumentsFromStream(query, documents, numberToSkip, limit, batchSize, null, fieldSelector);
    }

    private boolean uniqueLookup(Document query) {
        for (Index<Object> index : getIndexes()) {
            if (index.canHandle(query)) {
                return true;
            }
        }
        return false;
    }
}
