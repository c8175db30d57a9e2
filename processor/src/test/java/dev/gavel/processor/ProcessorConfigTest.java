package dev.gavel.processor;

import dev.gavel.contract.EnvSettings.InvalidSetting;
import dev.gavel.contract.Partitioner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The processor's settings: documented defaults, the old archive names, and one clear line for a bad value. */
class ProcessorConfigTest {

    @Test
    void shouldUseTheDocumentedDefaults() {
        ProcessorConfig config = ProcessorConfig.fromEnvironment(Map.of());

        assertEquals("127.0.0.1", config.host());
        assertEquals(8083, config.port());
        assertEquals("redis://127.0.0.1:6379", config.redisUrl());
        assertEquals(Duration.ofMillis(1500), config.redisTimeout());
        assertEquals("mongodb://127.0.0.1:27017/gavel", config.mongodbUri());
        assertEquals(Duration.ofMillis(1500), config.mongodbTimeout());
        assertEquals("majority", config.writeConcern());
        assertEquals(Partitioner.DEFAULT_PARTITIONS, config.partitions());
        assertEquals(200, config.batch());
        assertEquals(Duration.ofMillis(100), config.poll());
        assertEquals(Duration.ofSeconds(30), config.claimIdle());
        assertEquals("", config.consumer());
        assertEquals(Duration.ofSeconds(10), config.streamKeep());
    }

    @Test
    void shouldStillReadTheArchiveNamesButPreferTheNewOnes() {
        ProcessorConfig config = ProcessorConfig.fromEnvironment(Map.of(
                "GAVEL_ARCHIVE_BATCH", "500", "GAVEL_ARCHIVE_POLL_MS", "20", "GAVEL_PROCESSOR_POLL_MS", "50",
                "GAVEL_ARCHIVE_CONSUMER", "old-name"));

        assertEquals(500, config.batch());
        assertEquals(Duration.ofMillis(50), config.poll());
        assertEquals("old-name", config.consumer());
    }

    @Test
    void shouldRefuseValuesItCannotUseNamingTheVariable() {
        assertRefused(Map.of("GAVEL_PARTITIONS", "0"), "GAVEL_PARTITIONS");
        assertRefused(Map.of("GAVEL_PARTITIONS", "16385"), "GAVEL_PARTITIONS");
        assertRefused(Map.of("GAVEL_PROCESSOR_BATCH", "lots"), "GAVEL_PROCESSOR_BATCH");
        assertRefused(Map.of("GAVEL_PROCESSOR_POLL_MS", "5000"), "GAVEL_PROCESSOR_POLL_MS");
        assertRefused(Map.of("GAVEL_STREAM_KEEP_SECONDS", "-1"), "GAVEL_STREAM_KEEP_SECONDS");
        assertRefused(Map.of("GAVEL_PROCESSOR_PORT", "70000"), "GAVEL_PROCESSOR_PORT");
        assertRefused(Map.of("GAVEL_MONGODB_WRITE_CONCERN", "some"), "GAVEL_MONGODB_WRITE_CONCERN");
        assertRefused(Map.of("GAVEL_REDIS_URL", "http://example"), "GAVEL_REDIS_URL");
        assertRefused(Map.of("MONGODB_URI", "postgres://db"), "MONGODB_URI");
    }

    @Test
    void shouldTakeARedisClusterUrlAndRefuseAMalformedOne() {
        String cluster = "redis-cluster://127.0.0.1:7000,127.0.0.1:7001";

        assertEquals(cluster, ProcessorConfig.fromEnvironment(Map.of("GAVEL_REDIS_URL", cluster)).redisUrl());
        assertRefused(Map.of("GAVEL_REDIS_URL", "redis-cluster://127.0.0.1"), "GAVEL_REDIS_URL");
    }

    private static void assertRefused(Map<String, String> env, String variable) {
        InvalidSetting refused = assertThrows(InvalidSetting.class, () -> ProcessorConfig.fromEnvironment(env));
        assertTrue(refused.getMessage().startsWith(variable), refused.getMessage());
    }
}
