package dev.gavel.query.error;

import com.mongodb.MongoException;
import dev.gavel.embeddedmongo.MongoProcess;
import dev.gavel.query.store.MongoStore;
import dev.gavel.query.support.TestStack;
import dev.gavel.testkit.FreePort;
import dev.gavel.testkit.RedisServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.runtime.server.EmbeddedServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * query-api on an embedded MongoDB process frozen with SIGSTOP: every MongoDB-backed request answers
 * within 2 s (not after nginx's 30 s), 503 for reads and for writes that never left, 504 for a write
 * that was sent and got no answer.
 */
class MongoFrozenTest {

    private static final String ADMIN_PASSWORD = "frozen-admin-password";
    private static final Duration BOUND = Duration.ofMillis(2000);

    @TempDir
    static Path home;
    private static RedisServer redis;
    private static MongoProcess mongo;
    private static EmbeddedServer server;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void start() {
        redis = RedisServer.startFresh();
        mongo = MongoProcess.start(home.resolve("mongo"));
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", FreePort.next(),
                "mongodb.uri", mongo.uri(),
                "gavel.redis-url", redis.uri(),
                "gavel.home", home.toString(),
                "gavel.admin-password", ADMIN_PASSWORD,
                "gavel.password-iterations", 1000));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.stop();
        }
        mongo.close();
        redis.close();
    }

    @Test
    void shouldAnswerEveryMongoBackedRequestWithinTwoSecondsWhileMongoIsFrozen() throws Exception {
        // given
        assertEquals(201, send("POST", "/items", "{\"id\": \"frozen-1\", \"title\": \"t\"}").statusCode());
        mongo.freeze();
        try {
            // when / then
            assertAnswered("GET", "/health", null, 503, "unavailable");
            assertAnswered("GET", "/items/frozen-1", null, 503, "unavailable");
            assertAnswered("GET", "/users", null, 503, "unavailable");
            assertAnswered("GET", "/events?type=bid", null, 503, "unavailable");
            // The existence check is a read and times out first: nothing was written.
            assertAnswered("POST", "/items", "{\"id\": \"frozen-2\", \"title\": \"t\"}", 503, "unavailable");
        } finally {
            mongo.thaw();
        }
        assertEquals(200, awaitHealthy().statusCode());
        assertEquals(404, send("GET", "/items/frozen-2", null).statusCode());
    }

    @Test
    void shouldAnswerOutcomeUnknownForAWriteSentToAFrozenMongo() {
        // given
        MongoStore store = server.getApplicationContext().getBean(MongoStore.class);
        StoreFailures failures = server.getApplicationContext().getBean(StoreFailures.class);
        store.database().getCollection("probe").insertOne(new Document("_id", "warm"));
        MongoException failure;
        Instant start = Instant.now();
        mongo.freeze();
        try {
            // when
            failure = assertThrows(MongoException.class,
                    () -> store.database().getCollection("probe").insertOne(new Document("_id", "sent")));
        } finally {
            mongo.thaw();
        }
        Duration took = Duration.between(start, Instant.now());
        HttpResponse<ErrorBody> write = failures.respond(HttpRequest.POST("/items", ""), failure);
        HttpResponse<ErrorBody> read = failures.respond(HttpRequest.GET("/items/x"),
                assertThrows(MongoException.class, () -> {
                    mongo.freeze();
                    try {
                        store.database().getCollection("probe").find().first();
                    } finally {
                        mongo.thaw();
                    }
                }));

        // then
        assertTrue(took.compareTo(BOUND) < 0, "the write failed after " + took);
        assertEquals(504, write.code(), String.valueOf(write.body()));
        assertEquals("outcome_unknown", write.body().error());
        assertEquals(503, read.code(), String.valueOf(read.body()));
        assertEquals("unavailable", read.body().error());
    }

    private void assertAnswered(String method, String path, String body, int status, String code) throws Exception {
        Instant start = Instant.now();
        java.net.http.HttpResponse<String> response = send(method, path, body);
        Duration took = Duration.between(start, Instant.now());
        assertTrue(took.compareTo(BOUND) < 0, method + " " + path + " took " + took);
        assertEquals(status, response.statusCode(), method + " " + path + ": " + response.body());
        assertTrue(response.body().contains("\"error\":\"" + code + "\""), response.body());
    }

    private java.net.http.HttpResponse<String> awaitHealthy() throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        java.net.http.HttpResponse<String> health = send("GET", "/health", null);
        while (health.statusCode() != 200 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
            health = send("GET", "/health", null);
        }
        return health;
    }

    private java.net.http.HttpResponse<String> send(String method, String path, String body)
            throws IOException, InterruptedException {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest
                .newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(40))
                .header("Authorization", TestStack.basic("admin", ADMIN_PASSWORD))
                .method(method, body == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    }
}
