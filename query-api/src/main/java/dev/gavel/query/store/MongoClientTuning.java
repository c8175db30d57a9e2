package dev.gavel.query.store;

import com.mongodb.ConnectionString;
import com.mongodb.WriteConcern;
import dev.gavel.query.GavelConfig;
import io.micronaut.configuration.mongo.core.DefaultMongoConfiguration;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import jakarta.inject.Singleton;

import java.util.concurrent.TimeUnit;

/**
 * Gavel's defaults for the MongoDB client, applied where {@code MONGODB_URI} does not set the option
 * itself (docs/configuration.md):
 * <ul>
 *   <li>a journaled write concern ({@code GAVEL_MONGODB_WRITE_CONCERN}, {@code journal=true}): a write is
 *       acknowledged only once it is on disk, so a catalogue write answered 2xx and an archived event
 *       survive a crash of MongoDB;</li>
 *   <li>one bound ({@code GAVEL_MONGODB_TIMEOUT_MS}) on connecting, on waiting for an answer, on finding
 *       a server and on waiting for a pooled connection: a frozen MongoDB makes requests fail within
 *       about that long instead of hanging until nginx gives up (reads are not retried, which would
 *       double it);</li>
 * </ul>
 */
@Singleton
public class MongoClientTuning implements BeanCreatedEventListener<DefaultMongoConfiguration> {

    private final GavelConfig config;

    public MongoClientTuning(GavelConfig config) {
        this.config = config;
    }

    @Override
    public DefaultMongoConfiguration onCreated(BeanCreatedEvent<DefaultMongoConfiguration> event) {
        return tune(event.getBean());
    }

    DefaultMongoConfiguration tune(DefaultMongoConfiguration mongo) {
        ConnectionString uri = mongo.getConnectionString().orElse(null);
        int timeoutMs = config.getMongodbTimeoutMs();
        if (uri == null || uri.getConnectTimeout() == null) {
            mongo.getSocketSettings().connectTimeout(timeoutMs, TimeUnit.MILLISECONDS);
        }
        if (uri == null || uri.getSocketTimeout() == null) {
            mongo.getSocketSettings().readTimeout(timeoutMs, TimeUnit.MILLISECONDS);
        }
        if (uri == null || uri.getServerSelectionTimeout() == null) {
            mongo.getClusterSettings().serverSelectionTimeout(timeoutMs, TimeUnit.MILLISECONDS);
        }
        if (uri == null || uri.getMaxWaitTime() == null) {
            mongo.getPoolSettings().maxWaitTime(timeoutMs, TimeUnit.MILLISECONDS);
        }
        if (uri == null || uri.getRetryReads() == null) {
            // A read retried after a timeout would take twice the bound; a failed read is simply 503.
            mongo.getClientSettings().retryReads(false);
        }
        if (uri == null || uri.getWriteConcern() == null) {
            mongo.getClientSettings().writeConcern(writeConcern(config.getMongodbWriteConcern()));
        }
        return mongo;
    }

    /** {@code majority} or a number of members, always journaled. */
    static WriteConcern writeConcern(String w) {
        if ("majority".equals(w)) {
            return WriteConcern.MAJORITY.withJournal(true);
        }
        return new WriteConcern(Integer.parseInt(w)).withJournal(true);
    }
}
