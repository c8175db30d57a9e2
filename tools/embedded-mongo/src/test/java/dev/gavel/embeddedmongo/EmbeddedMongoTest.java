package dev.gavel.embeddedmongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import dev.gavel.testkit.FreePort;
import org.bson.Document;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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

    @Test
    void shouldKeepFindingAndGuardingKeysWrittenByThePlainH2Backend(@TempDir Path dir) {
        // given: a data file written by mongo-java-server's own H2 backend (its index order differs)
        int port = FreePort.next();
        withThePlainH2Backend(dir, port, client -> {
            users(client).createIndex(Indexes.ascending("username"), new IndexOptions().unique(true));
            for (int i = 0; i < 300; i++) {
                users(client).insertOne(new Document("_id", "u" + i).append("username", "user-" + i));
            }
        });

        // when
        try (EmbeddedMongo mongo = EmbeddedMongo.start(port, dir);
             MongoClient client = MongoClients.create(mongo.connectionString("gavel"))) {
            MongoCollection<Document> users = users(client);

            // then: every key is found through the re-ordered indexes, and they still refuse duplicates
            for (int i = 0; i < 300; i += 7) {
                assertEquals("user-" + i, users.find(new Document("_id", "u" + i)).first().get("username"));
                assertEquals("u" + i, users.find(new Document("username", "user-" + i)).first().get("_id"));
            }
            assertThrows(MongoWriteException.class,
                    () -> users.insertOne(new Document("_id", "u150").append("username", "someone-else")));
            assertThrows(MongoWriteException.class,
                    () -> users.insertOne(new Document("_id", "u-new").append("username", "user-42")));
            users.insertOne(new Document("_id", "u-new").append("username", "newcomer"));
            assertEquals("u-new", users.find(new Document("username", "newcomer")).first().get("_id"));
            assertEquals(301, users.countDocuments());
        }
    }

    @Test
    void shouldKeepDocumentsWrittenByThePlainH2BackendWhileNewOnesAreWrittenAsBson(@TempDir Path dir) {
        // given: documents Java-serialized by mongo-java-server's own H2 backend
        int port = FreePort.next();
        withThePlainH2Backend(dir, port, client -> {
            for (int i = 0; i < 300; i++) {
                users(client).insertOne(new Document("_id", "u" + i).append("n", i).append("tags", List.of("old")));
            }
        });

        // when: this backend updates every third one and adds more, so pages mix both formats, and restarts
        try (EmbeddedMongo mongo = EmbeddedMongo.start(port, dir);
             MongoClient client = MongoClients.create(mongo.connectionString("gavel"))) {
            for (int i = 0; i < 300; i += 3) {
                users(client).updateOne(new Document("_id", "u" + i), new Document("$set", new Document("n", -i)));
            }
            for (int i = 300; i < 400; i++) {
                users(client).insertOne(new Document("_id", "u" + i).append("n", (long) i).append("tags", List.of("new")));
            }
        }

        // then
        try (EmbeddedMongo mongo = EmbeddedMongo.start(port, dir);
             MongoClient client = MongoClients.create(mongo.connectionString("gavel"))) {
            assertEquals(400, users(client).countDocuments());
            for (int i = 0; i < 400; i++) {
                Document user = users(client).find(new Document("_id", "u" + i)).first();
                assertNotNull(user, "u" + i);
                Object expected = i >= 300 ? (Object) (long) i : (Object) (i % 3 == 0 ? -i : i);
                assertEquals(expected, user.get("n"), "u" + i);
                assertEquals(List.of(i >= 300 ? "new" : "old"), user.get("tags"), "u" + i);
            }
        }
    }

    @Test
    void shouldStoreDocumentsAsBson(@TempDir Path dir) {
        try (EmbeddedMongo mongo = EmbeddedMongo.start(FreePort.next(), dir);
             MongoClient client = MongoClients.create(mongo.connectionString("gavel"))) {
            users(client).insertOne(new Document("_id", "u1").append("username", "john"));
        }

        MVStore store = MVStore.open(dir.resolve("gavel.mv").toString());
        try {
            MVStore plain = store;
            // H2's own type knows no such tag: the value is not Java-serialized
            RuntimeException unreadable = assertThrows(RuntimeException.class,
                    () -> plain.openMap("databases.gavel.users").get("u1"));
            assertTrue(unreadable.getMessage().contains("Unknown tag " + BsonDocumentType.BSON_DOCUMENT),
                    unreadable.getMessage());
        } finally {
            store.closeImmediately();
        }
        store = MVStore.open(dir.resolve("gavel.mv").toString());
        try {
            MVMap<Object, Object> users = store.openMap("databases.gavel.users",
                    new MVMap.Builder<Object, Object>().valueType(BsonDocumentType.INSTANCE));
            assertEquals("john", ((de.bwaldvogel.mongo.bson.Document) users.get("u1")).get("username"));
        } finally {
            store.closeImmediately();
        }
    }

    @Test
    void shouldGuardUniqueKeysAcrossARestart(@TempDir Path dir) {
        int port = FreePort.next();
        try (EmbeddedMongo mongo = EmbeddedMongo.start(port, dir);
             MongoClient client = MongoClients.create(mongo.connectionString("gavel"))) {
            for (int i = 0; i < 200; i++) {
                users(client).insertOne(new Document("_id", "id-" + i).append("n", i));
            }
        }
        try (EmbeddedMongo mongo = EmbeddedMongo.start(port, dir);
             MongoClient client = MongoClients.create(mongo.connectionString("gavel"))) {
            assertThrows(MongoWriteException.class, () -> users(client).insertOne(new Document("_id", "id-123")));
            assertEquals(123, users(client).find(new Document("_id", "id-123")).first().get("n"));
        }
    }

    /** Writes {@code dir}'s data file with mongo-java-server's own H2 backend, as an older Gavel did. */
    private static void withThePlainH2Backend(Path dir, int port, Consumer<MongoClient> writes) {
        MongoServer plain = new MongoServer(new H2Backend(dir.resolve("gavel.mv").toString()));
        plain.bind("127.0.0.1", port);
        try (MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + port)) {
            writes.accept(client);
        } finally {
            plain.shutdownNow();
        }
    }

    private static MongoCollection<Document> users(MongoClient client) {
        return client.getDatabase("gavel").getCollection("users");
    }
}
