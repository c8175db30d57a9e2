package dev.gavel.bench.events;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;

/**
 * The query GET /events sends, as query-api's EventRepository builds it (kept in step with it by hand:
 * that class lives in a Micronaut application this JDK-only tool does not load).
 */
record EventsQuery(String name, String type, String item, String user, Long afterTs, String afterId) {

    /** One page as query-api reads it: {@code limit + 1} documents in (ts_us, _id) order. */
    List<Document> page(MongoCollection<Document> events, int limit) {
        List<Document> docs = new ArrayList<>(limit + 1);
        events.find(filter()).sort(Sorts.ascending("ts_us", "_id")).limit(limit + 1).into(docs);
        return docs;
    }

    Bson filter() {
        List<Bson> parts = new ArrayList<>();
        if (type != null) {
            parts.add(Filters.eq("type", type));
        }
        if (item != null) {
            parts.add(Filters.eq("item", item));
        }
        if (user != null) {
            parts.add(Filters.eq("user", user));
        }
        if (afterId != null) {
            parts.add(Filters.or(Filters.gt("ts_us", afterTs),
                    Filters.and(Filters.eq("ts_us", afterTs), Filters.gt("_id", afterId))));
        }
        return parts.isEmpty() ? Filters.empty() : Filters.and(parts);
    }
}
