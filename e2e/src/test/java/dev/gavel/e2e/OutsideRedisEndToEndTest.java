package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.testkit.RedisServer;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code GAVEL_REDIS_URL} given to {@code bin/gavel up}: the whole stack runs on that outside Redis and starts
 * none of its own, and {@code down} leaves the outside Redis alone.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OutsideRedisEndToEndTest {

    @Test
    void shouldRunTheStackOnTheRedisThatGavelRedisUrlNamesAndStartNoneOfItsOwn() {
        try (RedisServer outside = RedisServer.startFresh()) {
            Stack stack = Stack.prepare("-outside-redis",
                    Map.of("GAVEL_REDIS_URL", outside.uri(), "GAVEL_ADMIN_PASSWORD", "e2e-admin-secret"));
            try {
                // when
                String up = stack.gavel("up", 240);
                stack.gavel("demo", 60);
                Api.Reply bid = new Api(stack.port()).send("PUT", "/items/999/bids", "john:12345", null);

                // then
                assertTrue(up.contains("redis       outside: " + outside.uri() + " (none started)"), up);
                assertEquals(201, bid.status(), bid::toString);
                assertTrue(Long.parseLong(outside.command("DBSIZE").substring(1)) > 0, "the outside Redis holds the data");
                assertTrue(Files.notExists(stack.home().resolve("run").resolve("redis.pid")), up);
                assertTrue(Files.notExists(stack.home().resolve("redis")), up);
                assertTrue(Files.notExists(stack.home().resolve("redis-cluster")), up);
                assertTrue(List.of(stack.gavel("status", 30).split("\n")).stream().noneMatch(line -> line.startsWith("redis")));
            } finally {
                stack.close();
            }

            // then: down stopped the stack, not the Redis it did not start
            assertEquals("+PONG", outside.command("PING"));
        }
    }
}
