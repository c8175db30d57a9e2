package dev.gavel.processor;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import dev.gavel.embeddedmongo.EmbeddedMongo;
import dev.gavel.testkit.FreePort;
import dev.gavel.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import org.bson.Document;

import java.util.Map;
import java.util.UUID;

/**
 * A real redis-server and an in-memory embedded MongoDB on free ports, for one test class (each test class
 * starts its own, so a test that breaks a store breaks nothing else), and the processor settings that
 * point at them.
 */
final class TestStores implements AutoCloseable {

    final RedisServer redisServer;
    final EmbeddedMongo mongoServer;
    private final RedisClient redisClient;
    private final MongoClient mongoClient;

    TestStores() {
        redisServer = RedisServer.startFresh();
        mongoServer = EmbeddedMongo.start(FreePort.next(), null);
        redisClient = RedisClient.create(redisServer.uri());
        mongoClient = MongoClients.create(mongoServer.connectionString("gavel"));
    }

    RedisCommands<String, String> redis() {
        return redisClient.connect().sync();
    }

    MongoDatabase mongo() {
        return mongoClient.getDatabase("gavel");
    }

    /** Settings for a processor on these stores: small batches, short pauses, a short claim idle. */
    ProcessorConfig config(int partitions, String consumer) {
        return ProcessorConfig.fromEnvironment(Map.of(
                "GAVEL_REDIS_URL", redisServer.uri(),
                "MONGODB_URI", mongoServer.connectionString("gavel"),
                "GAVEL_PARTITIONS", Integer.toString(partitions),
                "GAVEL_PROCESSOR_BATCH", "20",
                "GAVEL_PROCESSOR_POLL_MS", "5",
                "GAVEL_PROCESSOR_CLAIM_IDLE_MS", "300",
                "GAVEL_PROCESSOR_CONSUMER", consumer,
                "GAVEL_PROCESSOR_PORT", "0",
                // Trimmed as soon as done, so a test sees a stream empty once its entries are archived and derived.
                "GAVEL_STREAM_KEEP_SECONDS", "0"));
    }

    String newItem(String prefix) {
        String id = unique(prefix);
        mongo().getCollection("items").insertOne(new Document("_id", id).append("title", prefix).append("created_at_us", 1L));
        return id;
    }

    Document itemDoc(String item) {
        return mongo().getCollection("items").find(new Document("_id", item)).first();
    }

    static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Override
    public void close() {
        redisClient.shutdown();
        mongoClient.close();
        mongoServer.close();
        redisServer.close();
    }
}
