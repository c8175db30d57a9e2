package dev.gavel.query.store;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.util.List;

/** Direct driver access for what Micronaut Data does not do: indexes and ping. */
@Singleton
public class MongoStore {

    /** The fields GET /events filters by, each with an index of its own. */
    private static final List<String> EVENT_FILTERS = List.of("type", "item", "user");

    private final MongoClient client;
    private final String databaseName;

    public MongoStore(MongoClient client, @Value("${mongodb.uri}") String uri) {
        this.client = client;
        String name = new ConnectionString(uri).getDatabase();
        this.databaseName = name == null || name.isEmpty() ? "gavel" : name;
    }

    public MongoDatabase database() {
        return client.getDatabase(databaseName);
    }

    public void ensureIndexes() {
        database().getCollection("users")
                .createIndex(Indexes.ascending("username"), new IndexOptions().unique(true).name("username_unique"));
        MongoCollection<Document> events = database().getCollection("events");
        events.createIndex(Indexes.ascending("ts_us", "_id"), new IndexOptions().name("ts_order"));
        // GET /events filtered by one field reads its page in (ts_us, _id) order from the field's index,
        // a real MongoDB and the embedded one alike (docs/performance.md "/events at 1,000,000 events").
        for (String field : EVENT_FILTERS) {
            events.createIndex(Indexes.ascending(field, "ts_us", "_id"), new IndexOptions().name(field + "_ts_order"));
        }
    }

    public void ping() {
        database().runCommand(new Document("ping", 1));
    }
}
