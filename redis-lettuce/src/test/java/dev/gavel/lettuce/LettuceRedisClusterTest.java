package dev.gavel.lettuce;

import dev.gavel.contract.HashSlots;
import dev.gavel.testkit.RedisCluster;
import dev.gavel.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.gavel.testkit.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The processor's and query-api's Redis connection to a cluster: reachable only while every primary answers and
 * the cluster is ok; a script refused with TRYAGAIN while its slot moves is sent again, and runs once.
 */
class LettuceRedisClusterTest {

    @Test
    void shouldReportTheClusterUnreachableWhileAPrimaryIsDown() {
        // given
        try (RedisCluster cluster = RedisCluster.start(3, 0);
             LettuceRedis redis = new LettuceRedis(cluster.uri(), Duration.ofMillis(500), null)) {
            redis.checkReachable();
            assertEquals("OK", redis.sync().set("k", "v"));
            RedisServer primary = cluster.nodes().get(1);

            // when
            primary.kill();
            try {
                // then
                assertThrows(RedisException.class, redis::checkReachable);
            } finally {
                primary.start();
            }
            cluster.awaitReady();
            await(() -> {
                try {
                    redis.checkReachable();
                    return true;
                } catch (RedisException e) {
                    return false;
                }
            });
            assertDoesNotThrow(redis::checkReachable);
        }
    }

    @Test
    void shouldSendAScriptAgainThatTryAgainRefusedWhileItsSlotWasMoving() throws Exception {
        // given: a slot half-way through a move, holding one of the script's two keys
        try (RedisCluster cluster = RedisCluster.start(3, 0);
             LettuceRedis redis = new LettuceRedis(cluster.uri(), Duration.ofSeconds(3), null)) {
            String present = "{moving}present";
            String absent = "{moving}absent";
            int slot = HashSlots.slot(present);
            redis.sync().set(present, "1");
            List<RedisClient> clients = new ArrayList<>();
            try {
                RedisCommands<String, String> source = null;
                RedisCommands<String, String> target = null;
                for (RedisServer primary : cluster.nodes()) {
                    RedisClient client = RedisClient.create(primary.uri());
                    clients.add(client);
                    RedisCommands<String, String> node = client.connect().sync();
                    if (node.clusterCountKeysInSlot(slot) == 1) {
                        source = node;
                    } else if (target == null) {
                        target = node;
                    }
                }
                RedisCommands<String, String> from = source;
                RedisCommands<String, String> to = target;
                to.clusterSetSlotImporting(slot, from.clusterMyId());
                from.clusterSetSlotMigrating(slot, to.clusterMyId());
                LuaScript script = new LuaScript("redis.call('SET', KEYS[2], 'written') return redis.call('INCR', KEYS[1])");

                // when: the move is called off 300 ms later, while the script waits to be sent again
                CompletableFuture<Void> settled = CompletableFuture.runAsync(() -> {
                    pause(300);
                    from.clusterSetSlotStable(slot);
                    to.clusterSetSlotStable(slot);
                });
                Long counted = script.run(redis, ScriptOutputType.INTEGER, new String[] {present, absent});
                settled.get();

                // then: it ran exactly once
                assertEquals(2L, counted);
                assertEquals("2", redis.sync().get(present));
                assertEquals("written", redis.sync().get(absent));
            } finally {
                clients.forEach(RedisClient::shutdown);
            }
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
