package dev.gavel.acceptor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.contract.Partitioner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcceptorConfigTest {

    @TempDir
    Path home;

    @Test
    void shouldUseTheDocumentedDefaults() {
        // when
        AcceptorConfig config = AcceptorConfig.fromEnvironment(Map.of("GAVEL_HOME", home.toString()));

        // then
        assertEquals("127.0.0.1", config.host());
        assertEquals(8081, config.port());
        assertEquals(Runtime.getRuntime().availableProcessors(), config.verticles());
        assertEquals("redis://127.0.0.1:6379", config.redisUrl());
        assertEquals(Partitioner.DEFAULT_PARTITIONS, config.partitions());
        assertEquals(1500, config.redisTimeoutMs());
        assertEquals(config.verticles(), config.redisPoolSize());
        assertEquals(0, config.redisWaitReplicas());
        assertEquals(10_000, config.authCacheSize());
        assertEquals(2000, config.authRevalidateMs());
        assertEquals(1024, config.maxBodyBytes());
        assertEquals("Gavel Inc.", config.company());
    }

    @Test
    void shouldTakeTheTokenSecretFromTheEnvironment() {
        // when
        AcceptorConfig config = AcceptorConfig.fromEnvironment(
                Map.of("GAVEL_HOME", home.toString(), "GAVEL_TOKEN_SECRET", "s3cret"));

        // then
        assertEquals("s3cret", config.tokenSecret());
        assertFalse(Files.exists(home.resolve("token-secret")));
    }

    @Test
    void shouldGenerateTheTokenSecretFileOnceWithModeSixHundred() throws IOException {
        // when
        String first = AcceptorConfig.fromEnvironment(Map.of("GAVEL_HOME", home.toString())).tokenSecret();
        String second = AcceptorConfig.fromEnvironment(Map.of("GAVEL_HOME", home.toString())).tokenSecret();

        // then
        assertEquals(first, second);
        assertTrue(first.length() >= 40, first);
        assertEquals(PosixFilePermissions.fromString("rw-------"),
                Files.getPosixFilePermissions(home.resolve("token-secret")));
        assertFalse(config(home).toString().contains(first));
    }

    @Test
    void shouldNameTheVariableWhenAValueIsMalformed() {
        // when
        AcceptorConfig.ConfigException failure = assertThrows(AcceptorConfig.ConfigException.class,
                () -> AcceptorConfig.fromEnvironment(Map.of("GAVEL_ACCEPTOR_PORT", "eighty")));

        // then
        assertTrue(failure.getMessage().startsWith("GAVEL_ACCEPTOR_PORT"), failure.getMessage());
    }

    @Test
    void shouldRefuseARedisUrlWithAnotherScheme() {
        // when / then
        assertThrows(AcceptorConfig.ConfigException.class,
                () -> AcceptorConfig.fromEnvironment(Map.of("GAVEL_REDIS_URL", "http://127.0.0.1:6379")));
    }

    @Test
    void shouldTakeAClusterUrlAndRefuseAMalformedOne() {
        // when
        AcceptorConfig config = AcceptorConfig.fromEnvironment(Map.of("GAVEL_HOME", home.toString(),
                "GAVEL_REDIS_URL", "redis-cluster://10.0.0.1:7000,10.0.0.2:7000"));
        AcceptorConfig.ConfigException failure = assertThrows(AcceptorConfig.ConfigException.class,
                () -> AcceptorConfig.fromEnvironment(Map.of("GAVEL_HOME", home.toString(),
                        "GAVEL_REDIS_URL", "redis-cluster://10.0.0.1")));

        // then
        assertEquals("redis-cluster://10.0.0.1:7000,10.0.0.2:7000", config.redisUrl());
        assertTrue(failure.getMessage().startsWith("GAVEL_REDIS_URL"), failure.getMessage());
    }

    @Test
    void shouldHideThePasswordOfEverySeedOfAClusterUrl() {
        // when
        AcceptorConfig config = AcceptorConfig.fromEnvironment(Map.of("GAVEL_HOME", home.toString(),
                "GAVEL_REDIS_URL", "redis-cluster://:s3cret@redis-node-1:6379,:s3cret@redis-node-2:6379"));

        // then
        assertEquals("redis-cluster://***@redis-node-1:6379,***@redis-node-2:6379", config.redactedRedisUrl());
    }

    @Test
    void shouldReadTheReplicasAWriteWaitsForFromZeroToTen() {
        // when
        AcceptorConfig config = AcceptorConfig.fromEnvironment(Map.of("GAVEL_HOME", home.toString(),
                "GAVEL_REDIS_WAIT_REPLICAS", "1"));
        AcceptorConfig.ConfigException failure = assertThrows(AcceptorConfig.ConfigException.class,
                () -> AcceptorConfig.fromEnvironment(Map.of("GAVEL_HOME", home.toString(),
                        "GAVEL_REDIS_WAIT_REPLICAS", "11")));

        // then
        assertEquals(1, config.redisWaitReplicas());
        assertTrue(failure.getMessage().startsWith("GAVEL_REDIS_WAIT_REPLICAS"), failure.getMessage());
    }

    private static AcceptorConfig config(Path home) {
        return AcceptorConfig.fromEnvironment(Map.of("GAVEL_HOME", home.toString()));
    }
}
