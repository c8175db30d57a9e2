package dev.gavel.query.store;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;
import org.bson.Document;

/** Direct driver access for what Micronaut Data does not do: indexes and ping. */
@Singleton
public class MongoStore {

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
        database().getCollection("events")
                .createIndex(Indexes.ascending("ts_us", "_id"), new IndexOptions().name("ts_order"));
    }

    public void ping() {
        database().runCommand(new Document("ping", 1));
    }
}
