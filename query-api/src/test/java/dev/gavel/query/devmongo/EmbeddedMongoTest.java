package dev.gavel.query.devmongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import dev.gavel.testkit.FreePort;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmbeddedMongoTest {

    @Test
    void shouldKeepAUserAcrossStopAndStartOnDisk(@TempDir Path dir) {
        int port = FreePort.next();
        try (EmbeddedMongo mongo = EmbeddedMongo.start(port, dir);
             MongoClient client = MongoClients.create(mongo.connectionString("gavel"))) {
            users(client).insertOne(new Document("_id", "u1").append("username", "john"));
        }
        assertTrue(Files.exists(dir.resolve("gavel.mv")));

        try (EmbeddedMongo mongo = EmbeddedMongo.start(port, dir);
             MongoClient client = MongoClients.create(mongo.connectionString("gavel"))) {
            Document john = users(client).find(new Document("username", "john")).first();
            assertNotNull(john);
            assertEquals("u1", john.get("_id"));
        }
    }

    @Test
    void shouldAdvertiseLogicalSessionsInIsMaster() {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(FreePort.next(), null);
             MongoClient client = MongoClients.create(mongo.connectionString("gavel"))) {
            Document hello = client.getDatabase("admin").runCommand(new Document("isMaster", 1));

            assertEquals(30, ((Number) hello.get("logicalSessionTimeoutMinutes")).intValue());
        }
    }

    private static MongoCollection<Document> users(MongoClient client) {
        return client.getDatabase("gavel").getCollection("users");
    }
}
