package dev.gavel.acceptor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.gavel.acceptor.metrics.Metrics;
import dev.gavel.testkit.RedisServer;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/**
 * A write answered 503 "not recorded" at its timeout must stay unrecorded: the steps of the call still under
 * way when the timeout fires (here the SCRIPT LOAD after NOSCRIPT, held up behind a slow command on the same
 * connection, as behind a WAIT on a primary whose replica is away) must not send the script afterwards.
 */
class LateScriptTest {

    private static final String SOURCE = "redis.call('RPUSH', KEYS[1], ARGV[1]) return 1";
    private static final Script APPEND = new Script("append", SOURCE, sha1(SOURCE));

    @Test
    void shouldNotRunAWriteAfterItsTimeoutAnsweredNotRecorded() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (RedisServer server = RedisServer.startFresh()) {
            // given: one pipelined connection, open, and a script this Redis does not know yet
            PipelinedRedis redis = RedisClients.create(vertx, server.uri(), 1, 5000);
            RedisStore store = new RedisStore(redis, 300, new Metrics());
            ScriptRunner runner = new ScriptRunner(store);
            await(redis.send(Request.cmd(Command.PING)));

            // when: EVALSHA (answered NOSCRIPT at once) and, right behind it on the connection, a command
            // that holds the connection for 1 s (WAIT for a replica this Redis does not have), so the SCRIPT
            // LOAD that follows the NOSCRIPT is answered long after the write's 300 ms timeout
            CompletableFuture<Throwable> answered = new CompletableFuture<>();
            vertx.runOnContext(go -> {
                runner.run(APPEND, List.of("late-list"), List.of("written")).onComplete((reply, failure) -> answered.complete(failure));
                redis.send(Request.cmd(Command.WAIT).arg(1).arg(1000));
            });
            Throwable failure = answered.get(10, TimeUnit.SECONDS);
            // the one connection answers in order: the first PING comes back after the WAIT and the SCRIPT
            // LOAD, so anything sent on their replies (a late EVALSHA) is on the wire before the second PING
            await(redis.send(Request.cmd(Command.PING)));
            await(redis.send(Request.cmd(Command.PING)));

            // then: answered "not recorded", and nothing was recorded after the answer either
            assertInstanceOf(StoreUnavailableException.class, failure);
            assertEquals(0L, await(redis.send(Request.cmd(Command.LLEN).arg("late-list"))).toLong());
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static String sha1(String source) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static <T> T await(Future<T> future) throws InterruptedException, ExecutionException {
        try {
            return future.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no answer from Redis", e);
        }
    }
}
