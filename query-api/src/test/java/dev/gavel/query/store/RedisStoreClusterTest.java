package dev.gavel.query.store;

import dev.gavel.contract.HashSlots;
import dev.gavel.query.GavelConfig;
import dev.gavel.testkit.RedisCluster;
import dev.gavel.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static dev.gavel.testkit.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * query-api's Redis store on a 3-primary cluster: Redis counts as reachable only while every primary answers and
 * the cluster is ok, and a script refused with TRYAGAIN while its slot moves is sent again and runs once.
 */
class RedisStoreClusterTest {

    private static final RedisCluster CLUSTER = RedisCluster.start(3, 0);
    private static final RedisStore STORE = new RedisStore(config(), new SimpleMeterRegistry());

    @AfterAll
    static void stop() {
        STORE.close();
        CLUSTER.close();
    }

    @Test
    void shouldReportRedisDownWhileAPrimaryIsDownAndUpOnceItIsBack() {
        // given
        STORE.checkReachable();
        RedisServer primary = CLUSTER.nodes().get(2);

        // when
        primary.kill();
        try {
            // then
            assertThrows(RedisException.class, STORE::checkReachable);
        } finally {
            primary.start();
        }
        CLUSTER.awaitReady();
        await(() -> {
            try {
                STORE.checkReachable();
                return true;
            } catch (RedisException e) {
                return false;
            }
        });
    }

    @Test
    void shouldSendAScriptAgainThatTryAgainRefusedWhileItsSlotWasMoving() throws Exception {
        // given: a slot half-way through a move, holding one of the script's two keys
        String present = "{moving-q}present";
        String absent = "{moving-q}absent";
        int slot = HashSlots.slot(present);
        STORE.sync().set(present, "1");
        List<RedisClient> clients = new ArrayList<>();
        try {
            RedisCommands<String, String> source = null;
            RedisCommands<String, String> target = null;
            for (RedisServer node : CLUSTER.nodes()) {
                RedisClient client = RedisClient.create(node.uri());
                clients.add(client);
                RedisCommands<String, String> commands = client.connect().sync();
                if (commands.clusterCountKeysInSlot(slot) == 1) {
                    source = commands;
                } else if (target == null) {
                    target = commands;
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
            Long counted = script.run(STORE, ScriptOutputType.INTEGER, new String[] {present, absent});
            settled.get();

            // then: it ran exactly once
            assertEquals(2L, counted);
            assertEquals("2", STORE.sync().get(present));
            assertEquals("written", STORE.sync().get(absent));
        } finally {
            clients.forEach(RedisClient::shutdown);
        }
    }

    private static GavelConfig config() {
        GavelConfig config = new GavelConfig();
        config.setRedisUrl(CLUSTER.uri());
        config.setRedisTimeoutMs(3000);
        return config;
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
