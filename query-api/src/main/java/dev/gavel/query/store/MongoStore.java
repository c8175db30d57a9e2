package dev.gavel.query.store;

import com.mongodb.ConnectionString;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Direct driver access for what Micronaut Data does not do: indexes and ping. */
@Singleton
public class MongoStore {

    /** The fields GET /events filters by, each with an index of its own. */
    private static final Logger LOG = LoggerFactory.getLogger(MongoStore.class);
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
        eventIndex(events, Indexes.ascending("ts_us", "_id"), "ts_order");
        // GET /events filtered by one field reads its page in (ts_us, _id) order from the field's index,
        // a real MongoDB and the embedded one alike (docs/performance.md "/events at 1,000,000 events").
        for (String field : EVENT_FILTERS) {
            eventIndex(events, Indexes.ascending(field, "ts_us", "_id"), field + "_ts_order");
        }
    }

    /**
     * Creates an index of the archive. On a large archive that lacks it, building it can outlast
     * GAVEL_MONGODB_TIMEOUT_MS; the server goes on building it, and /events is only slower until it is
     * there, so a timeout here is a warning, not a failed start. Any other failure still stops the start.
     */
    private static void eventIndex(MongoCollection<Document> events, Bson keys, String name) {
        try {
            events.createIndex(keys, new IndexOptions().name(name));
        } catch (MongoTimeoutException | MongoSocketReadTimeoutException e) {
            LOG.warn("the archive index {} was not ready within the MongoDB timeout; MongoDB goes on building it, "
                    + "and filtered GET /events stays slow until it is done: {}", name, e.toString());
        }
    }

    public void ping() {
        database().runCommand(new Document("ping", 1));
    }
}
