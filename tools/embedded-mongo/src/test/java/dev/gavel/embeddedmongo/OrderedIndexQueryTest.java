package dev.gavel.embeddedmongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import dev.gavel.testkit.FreePort;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Through the driver, on disk: non-unique indexes hold entries (mongo-java-server keeps none), survive
 * a restart, and a sorted page read through them is exactly the page a full sort gives.
 */
class OrderedIndexQueryTest {

    private static final Bson BY_TIME = Sorts.ascending("ts_us", "_id");

    @Test
    void shouldAnswerSortedPagesExactlyAsAFullSortWould(@TempDir Path dir) {
        int port = FreePort.next();
        List<Document> all = events(1_500);
        try (EmbeddedMongo mongo = EmbeddedMongo.start(port, dir);
             MongoClient client = MongoClients.create(mongo.connectionString("gavel"))) {
            MongoCollection<Document> events = client.getDatabase("gavel").getCollection("events");
            events.insertMany(all.subList(0, 500));
            createIndexes(events);
            events.insertMany(all.subList(500, all.size()));
            events.deleteOne(Filters.eq("_id", all.get(5).get("_id")));
            events.updateOne(Filters.eq("_id", all.get(6).get("_id")), new Document("$set", new Document("item", "i3")));
        }
        all.remove(5);
        all.get(5).put("item", "i3");

        try (EmbeddedMongo mongo = EmbeddedMongo.start(port, dir);
             MongoClient client = MongoClients.create(mongo.connectionString("gavel"))) {
            MongoCollection<Document> events = client.getDatabase("gavel").getCollection("events");
            Document stats = client.getDatabase("gavel").runCommand(new Document("collStats", "events"));
            assertEquals(all.size(), ((Number) stats.get("indexSize", Document.class).get("item_ts_order")).intValue());

            Document middle = sorted(all, e -> true).get(all.size() / 2);
            long ts = middle.getLong("ts_us");
            Bson after = Filters.or(Filters.gt("ts_us", ts),
                    Filters.and(Filters.eq("ts_us", ts), Filters.gt("_id", middle.getString("_id"))));
            assertPage(events, all, Filters.empty(), e -> true);
            assertPage(events, all, Filters.and(Filters.eq("type", "bid")), e -> e.get("type").equals("bid"));
            assertPage(events, all, Filters.and(Filters.eq("item", "i3")), e -> "i3".equals(e.get("item")));
            assertPage(events, all, Filters.and(Filters.eq("item", "i3"), Filters.eq("user", "u2"), Filters.eq("type", "bid")),
                    e -> "i3".equals(e.get("item")) && "u2".equals(e.get("user")) && e.get("type").equals("bid"));
            assertPage(events, all, Filters.and(after), e -> afterMiddle(e, middle));
            assertPage(events, all, Filters.and(Filters.eq("user", "u4"), after),
                    e -> "u4".equals(e.get("user")) && afterMiddle(e, middle));
        }
    }

    private static boolean afterMiddle(Document e, Document middle) {
        return BY_TIME_ORDER.compare(e, middle) > 0;
    }

    private static final Comparator<Document> BY_TIME_ORDER = Comparator
            .comparingLong((Document e) -> e.getLong("ts_us")).thenComparing(e -> e.getString("_id"));

    private static void assertPage(MongoCollection<Document> events, List<Document> all, Bson filter,
                                   Predicate<Document> matches) {
        List<Document> expected = sorted(all, matches);
        for (int limit : new int[] {1, 51, 100_000}) {
            List<Document> page = events.find(filter).sort(BY_TIME).limit(limit).into(new ArrayList<>());
            assertEquals(ids(expected.subList(0, Math.min(limit, expected.size()))), ids(page), filter + " limit " + limit);
        }
    }

    private static List<Document> sorted(List<Document> all, Predicate<Document> matches) {
        return all.stream().filter(matches).sorted(BY_TIME_ORDER).toList();
    }

    private static List<Object> ids(List<Document> docs) {
        return docs.stream().map(d -> d.get("_id")).toList();
    }

    private static void createIndexes(MongoCollection<Document> events) {
        events.createIndex(Indexes.ascending("ts_us", "_id"), new IndexOptions().name("ts_order"));
        for (String field : List.of("type", "item", "user")) {
            events.createIndex(Indexes.ascending(field, "ts_us", "_id"), new IndexOptions().name(field + "_ts_order"));
        }
    }

    /** Bids and certificates (no item) over a few items and users, many sharing a microsecond. */
    private static List<Document> events(int count) {
        Random random = new Random(7);
        List<Document> events = new ArrayList<>(count);
        long ts = 1_000;
        for (int i = 0; i < count; i++) {
            ts += random.nextInt(3);
            Document event;
            if (random.nextInt(10) == 0) {
                event = new Document("_id", "certificate:CS-" + i).append("type", "certificate").append("ts_us", ts)
                        .append("cert_id", "CS-" + i).append("user", "u" + random.nextInt(5));
            } else {
                String item = "i" + random.nextInt(7);
                event = new Document("_id", "bid:" + item + ":" + i).append("type", "bid").append("ts_us", ts)
                        .append("item", item).append("user", "u" + random.nextInt(5)).append("seq", (long) i);
            }
            events.add(event);
        }
        return events;
    }
}
