package dev.gavel.processor.stream;

import dev.gavel.testkit.RedisCluster;
import dev.gavel.testkit.RedisServer;
import io.lettuce.core.RedisException;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.gavel.testkit.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The processor's Redis connection to a cluster: reachable only while every primary answers and the cluster is ok. */
class RedisConnectionClusterTest {

    @Test
    void shouldReportTheClusterUnreachableWhileAPrimaryIsDown() {
        // given
        try (RedisCluster cluster = RedisCluster.start(3, 0);
             RedisConnection redis = new RedisConnection(cluster.uri(), Duration.ofMillis(500))) {
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
}
