package dev.gavel.bench.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gavel.testkit.FreePort;
import dev.gavel.testkit.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BareSetServerTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private RedisServer redisServer;
    private Vertx vertx;
    private Redis redis;
    private int port;

    @BeforeEach
    void start() {
        redisServer = RedisServer.startFresh();
        vertx = Vertx.vertx();
        redis = Redis.createClient(vertx, redisServer.uri());
        port = FreePort.next();
    }

    @AfterEach
    void stop() throws Exception {
        await(vertx.close());
        redisServer.close();
    }

    @Test
    void shouldRecordABidWithTheMinimalDurableScript() throws Exception {
        // given
        deploy(WriteMode.BID_SCRIPT);

        // when two bids on one item
        int first = send("PUT", "/items/lot-1/bids", "{\"amount\": 10}");
        int second = send("PUT", "/items/lot-1/bids", "{\"amount\": 12}");

        // then the sequence, the record list, the leader and the event stream all moved
        assertEquals(201, first);
        assertEquals(201, second);
        assertEquals("2", redis("HGET", "ref:/items/lot-1/bids:state", "seq").toString());
        assertEquals("{\"amount\": 12}", redis("HGET", "ref:/items/lot-1/bids:state", "leader").toString());
        assertEquals("2 {\"amount\": 12}", redis("LINDEX", "ref:/items/lot-1/bids:records", "-1").toString());
        assertEquals(2, redis("XLEN", "ref:events").toInteger());
    }

    @Test
    void shouldAnswerAPostAsAPut() throws Exception {
        // given the SET floor, which the certificate ab run (a POST) goes to through nginx
        deploy(WriteMode.SET);

        // when
        int status = send("POST", "/certificates", "{\"name\": \"Salt Bae\", \"amount\": 10, \"class\": \"CS\"}");

        // then
        assertEquals(201, status);
        assertEquals("{\"name\": \"Salt Bae\", \"amount\": 10, \"class\": \"CS\"}", redis("GET", "ref:/certificates").toString());
    }

    @Test
    void shouldRefuseAnyOtherMethod() throws Exception {
        deploy(WriteMode.SET);
        assertEquals(405, send("GET", "/items/lot-1/bids", null));
    }

    private void deploy(WriteMode mode) throws Exception {
        await(vertx.deployVerticle(new BareSetServer(port, redisServer.uri(), mode)));
    }

    private int send(String method, String path, String body) throws Exception {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).method(method, publisher).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private Response redis(String command, String... args) throws Exception {
        Request request = Request.cmd(Command.create(command));
        for (String arg : args) {
            request.arg(arg);
        }
        return await(redis.send(request));
    }

    private static <T> T await(Future<T> future) throws Exception {
        return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
