package dev.gavel.embeddedmongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The embedded MongoDB as its own process, killed with SIGKILL the moment a write has been acknowledged:
 * after a restart on the same data, the write is there (H2 alone would have committed it up to a second
 * later).
 */
class EmbeddedMongoCrashTest {

    @Test
    void shouldKeepEveryAcknowledgedWriteAcrossAKillRightAfterItsReply(@TempDir Path home) {
        MongoProcess mongo = MongoProcess.start(home.resolve("mongo"));
        try {
            for (int round = 1; round <= 2; round++) {
                // given
                String id = "item-" + round;
                try (MongoClient client = MongoClients.create(mongo.uri())) {
                    MongoCollection<Document> items = items(client);
                    items.insertOne(new Document("_id", id).append("title", "round " + round));
                    items.updateOne(Filters.eq("_id", id), Updates.set("status", "open"));
                    items.insertMany(IntStream.range(0, 50)
                            .mapToObj(i -> new Document("_id", id + "-bulk-" + i)).toList());

                    // when: killed within milliseconds of the last reply
                    mongo.kill();
                }
                mongo.start();

                // then
                try (MongoClient client = MongoClients.create(mongo.uri())) {
                    Document item = items(client).find(Filters.eq("_id", id)).first();
                    assertNotNull(item, "the insert acknowledged before the kill of round " + round + " was lost");
                    assertEquals("open", item.getString("status"), "the update acknowledged before the kill was lost");
                    List<Document> bulk = items(client).find(Filters.regex("_id", "^" + id + "-bulk-")).into(new ArrayList<>());
                    assertEquals(50, bulk.size(), "the bulk insert acknowledged before the kill was lost");
                }
            }
        } finally {
            mongo.close();
        }
    }

    private static MongoCollection<Document> items(MongoClient client) {
        return client.getDatabase("gavel").getCollection("items");
    }
}
