package dev.gavel.query.store;

import dev.gavel.query.GavelConfig;
import dev.gavel.testkit.RedisServer;
import dev.gavel.testkit.Signals;
import io.lettuce.core.RedisCommandTimeoutException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertySource;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** query-api reads GAVEL_REDIS_TIMEOUT_MS as the acceptor does: same name, default and range. */
class RedisStoreTimeoutTest {

    @Test
    void shouldDefaultToTheAcceptorsRedisTimeout() {
        // given
        GavelConfig config = new GavelConfig();

        // then
        assertEquals(1500, config.getRedisTimeoutMs());
        assertThrows(IllegalArgumentException.class, () -> config.setRedisTimeoutMs(0));
        assertThrows(IllegalArgumentException.class, () -> config.setRedisTimeoutMs(600_001));
    }

    @Test
    void shouldBindTheEnvironmentVariableThroughApplicationYml() {
        // given
        ApplicationContext context = ApplicationContext.builder()
                .propertySources(PropertySource.of("test", Map.of("GAVEL_REDIS_TIMEOUT_MS", "250")))
                .build();
        Environment environment = context.getEnvironment().start();
        try {
            // then: the property GavelConfig binds, resolved from application.yml
            assertEquals(Optional.of(250), environment.getProperty("gavel.redis-timeout-ms", Integer.class));
        } finally {
            environment.stop();
        }
    }

    @Test
    void shouldFailAPipelinedReadOfAFrozenRedisWithinTheConfiguredTimeout() {
        // given: a Redis of this test's own, frozen after the connection is made
        try (RedisServer server = RedisServer.startFresh()) {
            GavelConfig config = new GavelConfig();
            config.setRedisUrl(server.uri());
            config.setRedisTimeoutMs(500);
            try (RedisStore store = new RedisStore(config, new SimpleMeterRegistry())) {
                store.await(store.async().ping());
                Signals.freeze(server.pid());
                try {
                    // when
                    long start = System.nanoTime();
                    assertThrows(RedisCommandTimeoutException.class, () -> store.await(store.async().get("k")));
                    long elapsedMs = (System.nanoTime() - start) / 1_000_000;

                    // then: well before the old fixed 1 s command timeout
                    assertTrue(elapsedMs < 950, "timed out after " + elapsedMs + " ms");
                } finally {
                    Signals.thaw(server.pid());
                }
            }
        }
    }
}
