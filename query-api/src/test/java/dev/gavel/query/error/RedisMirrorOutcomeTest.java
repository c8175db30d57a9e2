package dev.gavel.query.error;

import dev.gavel.contract.RedisKeys;
import dev.gavel.embeddedmongo.EmbeddedMongo;
import dev.gavel.query.item.ItemDoc;
import dev.gavel.query.item.ItemRules;
import dev.gavel.query.item.ItemRepository;
import dev.gavel.query.shareclass.ShareClassDoc;
import dev.gavel.query.shareclass.ShareClassRepository;
import dev.gavel.query.support.TestStack;
import dev.gavel.testkit.FreePort;
import dev.gavel.testkit.RedisServer;
import dev.gavel.testkit.Signals;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Redis mirror of a new item sent to a frozen Redis (SIGSTOP): the mirror may land once Redis
 * resumes, so the answer is 504 outcome_unknown, not 503; the same request again settles it, also when
 * it was MongoDB's write that landed unanswered (the retry's 409 writes the mirror again).
 */
class RedisMirrorOutcomeTest {

    private static final String ADMIN_PASSWORD = "mirror-admin-password";

    @TempDir
    static Path home;
    private static RedisServer redis;
    private static EmbeddedMongo mongo;
    private static EmbeddedServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        redis = RedisServer.startFresh();
        mongo = EmbeddedMongo.start(FreePort.next(), null);
        server = ApplicationContext.run(EmbeddedServer.class, Map.of(
                "micronaut.server.port", FreePort.next(),
                "mongodb.uri", mongo.connectionString("gavel"),
                "gavel.redis-url", redis.uri(),
                "gavel.home", home.toString(),
                "gavel.admin-password", ADMIN_PASSWORD,
                "gavel.password-iterations", 1000));
    }

    @AfterAll
    static void stop() {
        server.stop();
        mongo.close();
        redis.close();
    }

    @Test
    void shouldAnswerOutcomeUnknownWhenTheMirrorWriteGetsNoAnswerAndCreateTheItemOnTheSameRequestAgain()
            throws Exception {
        // given
        String body = "{\"id\": \"mirror-1\", \"title\": \"t\"}";
        long pid = redis.pid();
        HttpResponse<String> sent;
        Signals.freeze(pid);
        try {
            // when
            sent = post("/items", body);
        } finally {
            Signals.thaw(pid);
        }
        HttpResponse<String> again = post("/items", body);

        // then
        assertEquals(504, sent.statusCode(), sent.body());
        assertTrue(sent.body().contains("\"error\":\"outcome_unknown\""), sent.body());
        assertEquals(201, again.statusCode(), again.body());
        String itemKey = server.getApplicationContext().getBean(RedisKeys.class).item("mirror-1");
        assertEquals(":1", redis.command("EXISTS", itemKey));
    }

    @Test
    void shouldWriteTheMirrorOfAnItemOrClassAgainWhenTheSameRequestFindsItInMongoAlready() throws Exception {
        // given: MongoDB writes that landed while their answers (and the mirror writes) were lost
        server.getApplicationContext().getBean(ItemRepository.class)
                .save(ItemDoc.of("landed-1", "t", null, null, null, 1L, ItemRules.NONE));
        server.getApplicationContext().getBean(ShareClassRepository.class)
                .save(new ShareClassDoc("LANDED", "Landed", 1000, 1L));

        // when
        HttpResponse<String> item = post("/items", "{\"id\": \"landed-1\", \"title\": \"t\"}");
        HttpResponse<String> shareClass = post("/share-classes", "{\"code\": \"LANDED\", \"name\": \"Landed\", \"authorized\": 1000}");

        // then
        RedisKeys keys = server.getApplicationContext().getBean(RedisKeys.class);
        assertEquals(409, item.statusCode(), item.body());
        assertEquals(":1", redis.command("EXISTS", keys.item("landed-1")));
        assertEquals(409, shareClass.statusCode(), shareClass.body());
        assertEquals(":1", redis.command("EXISTS", keys.shareClass("LANDED")));
    }

    private HttpResponse<String> post(String path, String body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", TestStack.basic("admin", ADMIN_PASSWORD))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
