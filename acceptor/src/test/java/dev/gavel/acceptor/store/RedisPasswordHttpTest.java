package dev.gavel.acceptor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.gavel.acceptor.AcceptorConfig;
import dev.gavel.acceptor.support.RunningAcceptor;
import dev.gavel.testkit.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A Redis with a password (as docker compose runs it): the password comes in GAVEL_REDIS_URL and is never shown. */
class RedisPasswordHttpTest {

    @Test
    void shouldServeFromARedisThatRequiresAPassword() {
        // given
        try (RedisServer redis = RedisServer.startFresh()) {
            redis.command("CONFIG", "SET", "requirepass", "s3cret-pw");

            // when
            try (RunningAcceptor acceptor = RunningAcceptor.start("redis://:s3cret-pw@127.0.0.1:" + redis.port())) {

                // then
                assertEquals(200, acceptor.get("/health").statusCode());
            }
        }
    }

    @Test
    void shouldNeverShowTheRedisPasswordInItsDescription() {
        // given
        AcceptorConfig config = AcceptorConfig.fromEnvironment(Map.of(
                AcceptorConfig.REDIS_URL, "redis://:s3cret-pw@redis:6379", AcceptorConfig.TOKEN_SECRET, "x"));

        // when / then
        assertFalse(config.toString().contains("s3cret-pw"), config.toString());
        assertEquals("redis://***@redis:6379", config.redactedRedisUrl());
    }
}
