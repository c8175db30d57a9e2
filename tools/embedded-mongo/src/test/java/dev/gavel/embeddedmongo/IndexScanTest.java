package dev.gavel.embeddedmongo;

import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which index a sorted query walks, and over which range: the planner alone, on an in-memory H2 store. */
class IndexScanTest {

    private static final Document BY_TIME = new Document("ts_us", 1).append("_id", 1);

    private final MVStore store = new MVStore.Builder().open();
    private final OrderedIndex byTime = index("ts_order", "ts_us", "_id");
    private final OrderedIndex byItem = index("item_ts_order", "item", "ts_us", "_id");
    private final OrderedIndex byUser = index("user_ts_order", "user", "ts_us", "_id");

    @AfterEach
    void close() {
        store.close();
    }

    private void add(String id, long ts, String item, String user) {
        Document event = new Document("_id", id).append("ts_us", ts).append("item", item).append("user", user);
        for (OrderedIndex index : List.of(byTime, byItem, byUser)) {
            index.add(event, id, null);
        }
    }

    private OrderedIndex index(String name, String... fields) {
        List<IndexKey> keys = new ArrayList<>();
        for (String field : fields) {
            keys.add(new IndexKey(field, true));
        }
        MVMap<KeyValue, Boolean> map = store.openMap(name,
                new MVMap.Builder<KeyValue, Boolean>().keyType(KeyValueOrder.INSTANCE));
        return new OrderedIndex(name, keys, false, map, store.openMap("multikey"));
    }

    private Optional<IndexScan> plan(Document query, Document orderBy) {
        List<Index<Object>> indexes = List.of(byTime, byItem, byUser);
        return IndexScan.plan(query, orderBy, indexes);
    }

    private static List<Object> walk(IndexScan scan) {
        List<Object> positions = new ArrayList<>();
        Iterator<Object> it = scan.positions();
        it.forEachRemaining(positions::add);
        return positions;
    }

    private void sixEvents() {
        add("bid:a:1", 10, "a", "ann");
        add("bid:b:1", 10, "b", "bob");
        add("bid:a:2", 20, "a", "bob");
        add("bid:b:2", 30, "b", "ann");
        add("bid:a:3", 30, "a", "ann");
        add("bid:a:4", 40, "a", "bob");
    }

    @Test
    void shouldWalkTheTimeIndexInOrderForAnUnfilteredPage() {
        sixEvents();

        IndexScan scan = plan(new Document(), BY_TIME).orElseThrow();

        assertEquals("ts_order", scan.indexName());
        assertEquals(List.of("bid:a:1", "bid:b:1", "bid:a:2", "bid:a:3", "bid:b:2", "bid:a:4"), walk(scan));
    }

    @Test
    void shouldWalkOnlyTheItemsRangeForAnItemFilterInAnAnd() {
        sixEvents();

        IndexScan scan = plan(new Document("$and", List.of(new Document("item", "a"))), BY_TIME).orElseThrow();

        assertEquals("item_ts_order", scan.indexName());
        assertEquals(List.of("bid:a:1", "bid:a:2", "bid:a:3", "bid:a:4"), walk(scan));
    }

    @Test
    void shouldStartAtTheCursorsTimeForAKeysetOr() {
        sixEvents();
        // after (30, bid:a:3), as GET /events sends it
        Document after = new Document("$or", List.of(new Document("ts_us", new Document("$gt", 30L)),
                new Document("$and", List.of(new Document("ts_us", 30L),
                        new Document("_id", new Document("$gt", "bid:a:3"))))));

        IndexScan scan = plan(new Document("$and", List.of(new Document("item", "a"), after)), BY_TIME).orElseThrow();

        // from ts 30 on: the one at 30 itself is for the query's own check to drop
        assertEquals(List.of("bid:a:3", "bid:a:4"), walk(scan));
    }

    @Test
    void shouldPickTheIndexWithTheSmallerRangeWhenTwoFilters() {
        sixEvents();
        add("bid:c:1", 50, "c", "bob");

        IndexScan scan = plan(new Document("item", "b").append("user", "bob"), BY_TIME).orElseThrow();

        assertEquals("item_ts_order", scan.indexName());
        assertEquals(2, scan.count());
    }

    @Test
    void shouldNotBoundTheWalkByAnOrWithAnUnboundedBranch() {
        sixEvents();
        Document query = new Document("$or", List.of(new Document("ts_us", new Document("$gt", 30L)),
                new Document("user", "ann")));

        IndexScan scan = plan(query, BY_TIME).orElseThrow();

        assertEquals(6, walk(scan).size());
    }

    @Test
    void shouldLeaveQueriesWithoutAMatchingSortToTheLibrary() {
        sixEvents();

        assertTrue(plan(new Document("item", "a"), null).isEmpty());
        assertTrue(plan(new Document("item", "a"), new Document("ts_us", -1)).isEmpty());
        assertTrue(plan(new Document("item", "a"), new Document("amount_cents", 1)).isEmpty());
        assertTrue(plan(new Document("item", "a"), new Document("ts_us", 1).append("_id", -1)).isEmpty());
    }

    @Test
    void shouldStopUsingAnIndexOnceADocumentHasAnArrayInIt() {
        sixEvents();
        add("bid:x:1", 60, "x", "carl");
        byItem.add(new Document("_id", "odd").append("ts_us", 70L).append("item", List.of("a", "b")), "odd", null);

        IndexScan scan = plan(new Document("item", "a"), BY_TIME).orElseThrow();

        assertEquals("ts_order", scan.indexName());
    }

    @Test
    void shouldForgetARemovedOrChangedDocument() {
        sixEvents();
        Document old = new Document("_id", "bid:a:2").append("ts_us", 20L).append("item", "a").append("user", "bob");
        byItem.remove(new Document("_id", "bid:a:1").append("ts_us", 10L).append("item", "a").append("user", "ann"));
        byItem.updateInPlace(old, new Document(old).append("item", "b"), "bid:a:2", null);

        assertEquals(List.of("bid:a:3", "bid:a:4"), walk(plan(new Document("item", "a"), BY_TIME).orElseThrow()));
    }
}
