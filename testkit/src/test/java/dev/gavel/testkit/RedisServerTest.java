package dev.gavel.testkit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedisServerTest {

    @Test
    void shouldRunWithTheProductionDurabilitySettingsByDefault() {
        try (RedisServer redis = RedisServer.startFresh()) {
            assertEquals("yes", redis.config("appendonly"));
            assertEquals("always", redis.config("appendfsync"));
        }
    }

    @Test
    void shouldStillAppendButNotFsyncWhenStartedWithoutFsync() {
        try (RedisServer redis = RedisServer.startFreshWithoutFsync()) {
            assertEquals("yes", redis.config("appendonly"));
            assertEquals("no", redis.config("appendfsync"));
        }
    }
}
