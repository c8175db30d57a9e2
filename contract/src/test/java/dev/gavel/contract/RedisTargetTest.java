package dev.gavel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedisTargetTest {

    @Test
    void shouldTakeARedisUrlAsItIs() {
        RedisTarget target = RedisTarget.parse("redis://127.0.0.1:6379/0");

        assertFalse(target.cluster());
        assertEquals(List.of("redis://127.0.0.1:6379/0"), target.urls());
    }

    @Test
    void shouldTurnEachClusterNodeIntoASeedUrl() {
        RedisTarget target = RedisTarget.parse("redis-cluster://127.0.0.1:7000, 10.0.0.2:7001");

        assertTrue(target.cluster());
        assertEquals(List.of("redis://127.0.0.1:7000", "redis://10.0.0.2:7001"), target.urls());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "http://x:1", "redis-cluster://", "redis-cluster://a", "redis-cluster://a:1,,b:2",
            "redis-cluster://a:0", "redis-cluster://a:65536", "redis-cluster://a:x1"})
    void shouldRefuseWhatIsNotARedisTarget(String url) {
        assertThrows(IllegalArgumentException.class, () -> RedisTarget.parse(url));
    }
}
