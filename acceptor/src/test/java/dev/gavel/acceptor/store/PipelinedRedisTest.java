package dev.gavel.acceptor.store;

import dev.gavel.acceptor.support.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.BlackholeProxy;
import dev.gavel.acceptor.support.RedisProbe;
import dev.gavel.testkit.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipelined connections against a real Redis behind a proxy that can silence them, as a network
 * blackhole does: no reset, no end, no answer.
 */
class PipelinedRedisTest {

    private static final long TIMEOUT_MS = 1500;

    private static RedisServer redis;
    private static RedisProbe probe;
    private static Vertx vertx;

    private BlackholeProxy proxy;
    private RedisStore store;
    private String key;

    @BeforeAll
    static void startRedis() {
        redis = RedisServer.startFresh();
        probe = new RedisProbe(redis.uri());
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stopRedis() throws Exception {
        Await.result(vertx.close());
        probe.close();
        redis.close();
    }

    @BeforeEach
    void startProxy() {
        proxy = BlackholeProxy.to(redis.port());
        key = "test:" + UUID.randomUUID();
    }

    @AfterEach
    void stopProxy() throws Exception {
        if (store != null) {
            store.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        proxy.close();
    }

    @Test
    void shouldAnswerOutcomeUnknownWithinTheTimeoutAndServeTheNextCommandOnAFreshConnectionWhenItsConnectionGoesSilent() {
        // given
        store = storeOverProxy(1);
        assertEquals(1L, Await.result(sendIncr()).toLong());
        proxy.silenceOpenConnections();

        // when
        Instant start = Instant.now();
        Throwable failure = failure(sendIncr());
        Duration took = Duration.between(start, Instant.now());
        Response next = Await.result(sendIncr());

        // then: the INCR was written to the connection, so the acceptor cannot know it was lost
        assertInstanceOf(StoreOutcomeUnknownException.class, failure);
        assertTrue(took.toMillis() >= TIMEOUT_MS - 100 && took.toMillis() < TIMEOUT_MS + 2000, "504 took " + took);
        assertEquals(2L, next.toLong(), "the silenced INCR never reached Redis");
        assertEquals(2, proxy.connectionsOpened());
        assertTrue(eventually(() -> proxy.connectionsClosedByClient() == 1), "the silent connection's socket was not closed");
    }

    @Test
    void shouldServeConcurrentCommandsOnEverySlotAfterDroppingSilentConnections() {
        // given
        store = storeOverProxy(2);
        awaitAll(sendIncrs(2));
        proxy.silenceOpenConnections();
        List<Future<Response>> lost = sendIncrs(2);
        lost.forEach(command -> assertInstanceOf(StoreOutcomeUnknownException.class, failure(command)));

        // when
        List<Response> replies = awaitAll(sendIncrs(200));

        // then
        assertEquals(200, replies.size());
        assertEquals(202L, probe.number("GET", key));
        assertEquals(4, proxy.connectionsOpened());
    }

    @Test
    void shouldAbandonAConnectAttemptThatGetsNoAnswerAndConnectAgainOnceRedisAnswers() {
        // given
        store = storeOverProxy(1);
        proxy.silenceNewConnections(true);
        Throwable failure = failure(sendIncr());
        proxy.silenceNewConnections(false);

        // when
        Response reply = Await.result(sendIncr());

        // then
        assertInstanceOf(StoreUnavailableException.class, failure);
        assertEquals(1L, reply.toLong());
        assertEquals(2, proxy.connectionsOpened());
    }

    @Test
    void shouldKeepAConnectionWhoseCommandsAreSlowButAnswerWithinTheTimeout() {
        // given
        store = storeOverProxy(1);
        awaitAll(sendIncrs(1));
        redis.command("CLIENT", "PAUSE", Long.toString(TIMEOUT_MS / 3), "ALL");

        // when
        List<Future<Response>> slow = sendIncrs(50);
        List<Response> replies = awaitAll(slow);
        List<Response> after = awaitAll(sendIncrs(50));

        // then
        assertEquals(50, replies.size());
        assertEquals(50, after.size());
        assertEquals(101L, probe.number("GET", key));
        assertEquals(1, proxy.connectionsOpened());
    }

    private RedisStore storeOverProxy(int connections) {
        return new RedisStore(RedisClients.create(vertx, "redis://127.0.0.1:" + proxy.port(), connections, TIMEOUT_MS),
                TIMEOUT_MS);
    }

    private Future<Response> sendIncr() {
        return store.write("INCR", redis -> redis.send(Request.cmd(Command.INCR).arg(key)));
    }

    private List<Future<Response>> sendIncrs(int count) {
        List<Future<Response>> replies = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            replies.add(sendIncr());
        }
        return replies;
    }

    private static List<Response> awaitAll(List<Future<Response>> futures) {
        List<Response> replies = new ArrayList<>(futures.size());
        for (Future<Response> future : futures) {
            replies.add(Await.result(future));
        }
        return replies;
    }


    private static boolean eventually(BooleanSupplier condition) {
        Instant deadline = Instant.now().plusSeconds(5);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                return false;
            }
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        return true;
    }

    private static Throwable failure(Future<?> future) {
        try {
            Object result = future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got " + result);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer within 10 s", e);
        }
    }
}
