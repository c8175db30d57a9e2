package dev.gavel.processor.archive;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import org.bson.Document;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The archive's MongoDB, with the settings every Gavel service gives its client unless {@code MONGODB_URI}
 * sets them (docs/configuration.md): a journaled write concern, so an entry is acknowledged in its stream
 * only once MongoDB has it on disk; and one bound on connecting, answering, server selection and the pool
 * wait, so a frozen MongoDB fails a pass (which is retried) instead of hanging the loop.
 */
public final class ArchiveDatabase implements AutoCloseable {

    private final MongoClient client;
    private final MongoDatabase database;

    public ArchiveDatabase(String uri, Duration timeout, String writeConcern) {
        ConnectionString connection = new ConnectionString(uri);
        int ms = Math.toIntExact(timeout.toMillis());
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyToSocketSettings(socket -> socket.connectTimeout(ms, TimeUnit.MILLISECONDS).readTimeout(ms, TimeUnit.MILLISECONDS))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(ms, TimeUnit.MILLISECONDS))
                .applyToConnectionPoolSettings(pool -> pool.maxWaitTime(ms, TimeUnit.MILLISECONDS))
                .writeConcern(journaled(writeConcern))
                // Applied last: what the URI names wins over the defaults above.
                .applyConnectionString(connection);
        this.client = MongoClients.create(settings.build());
        String name = connection.getDatabase();
        this.database = client.getDatabase(name == null || name.isEmpty() ? "gavel" : name);
    }

    public MongoDatabase database() {
        return database;
    }

    public void ping() {
        database.runCommand(new Document("ping", 1));
    }

    /** {@code majority} or a number of members, always journaled. */
    static WriteConcern journaled(String w) {
        WriteConcern concern = "majority".equals(w) ? WriteConcern.MAJORITY : new WriteConcern(Integer.parseInt(w));
        return concern.withJournal(true);
    }

    @Override
    public void close() {
        client.close();
    }
}
