package dev.gavel.processor;

import com.mongodb.ConnectionString;
import dev.gavel.contract.EnvSettings;
import dev.gavel.contract.EnvSettings.InvalidSetting;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisTarget;
import io.lettuce.core.RedisURI;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The processor's settings, read once from the environment (docs/configuration.md, "processor"). The
 * stream-reading settings were called {@code GAVEL_ARCHIVE_*} while query-api ran the archive; those
 * names are still read when the new ones are unset, so an existing deployment keeps its tuning.
 *
 * @param host           GAVEL_PROCESSOR_HOST: where /health and /metrics listen
 * @param port           GAVEL_PROCESSOR_PORT: their port (0: any free port)
 * @param redisUrl       GAVEL_REDIS_URL: {@code redis://} (one Redis) or {@code redis-cluster://host:port,...}
 * @param redisTimeout   GAVEL_REDIS_TIMEOUT_MS: a Redis command that has not answered by then fails
 * @param mongodbUri     MONGODB_URI: the archive's MongoDB, database included
 * @param mongodbTimeout GAVEL_MONGODB_TIMEOUT_MS: connect, answer, server selection and pool wait
 * @param writeConcern   GAVEL_MONGODB_WRITE_CONCERN: {@code majority} or a number of members, always journaled
 * @param partitions     GAVEL_PARTITIONS: how many partition streams there are
 * @param batch          GAVEL_PROCESSOR_BATCH: entries read per partition per pass
 * @param poll           GAVEL_PROCESSOR_POLL_MS: the pause after a pass that filled no batch
 * @param claimIdle      GAVEL_PROCESSOR_CLAIM_IDLE_MS: how long another consumer's unacknowledged entries wait
 *                       before this one claims them
 * @param consumer       GAVEL_PROCESSOR_CONSUMER: this instance's name in the consumer group (blank: host-pid-random)
 * @param streamKeep     GAVEL_STREAM_KEEP_SECONDS: how long an entry stays in its partition stream after it was added,
 *                       even once archived and derived, for query-api's live streams (StreamTrimmer)
 */
public record ProcessorConfig(String host, int port, String redisUrl, Duration redisTimeout, String mongodbUri,
                              Duration mongodbTimeout, String writeConcern, int partitions, int batch,
                              Duration poll, Duration claimIdle, String consumer, Duration streamKeep) {

    public static ProcessorConfig fromEnvironment(Map<String, String> env) {
        Map<String, String> settings = withOldNames(env);
        return new ProcessorConfig(
                EnvSettings.text(settings, "GAVEL_PROCESSOR_HOST", "127.0.0.1"),
                EnvSettings.intValue(settings, "GAVEL_PROCESSOR_PORT", 8083, 0, 65_535),
                redisUrl(EnvSettings.text(settings, "GAVEL_REDIS_URL", "redis://127.0.0.1:6379")),
                Duration.ofMillis(EnvSettings.intValue(settings, "GAVEL_REDIS_TIMEOUT_MS", 1500, 1, 600_000)),
                mongodbUri(EnvSettings.text(settings, "MONGODB_URI", "mongodb://127.0.0.1:27017/gavel")),
                Duration.ofMillis(EnvSettings.intValue(settings, "GAVEL_MONGODB_TIMEOUT_MS", 1500, 100, 60_000)),
                writeConcern(EnvSettings.text(settings, "GAVEL_MONGODB_WRITE_CONCERN", "majority")),
                EnvSettings.intValue(settings, "GAVEL_PARTITIONS", Partitioner.DEFAULT_PARTITIONS, Partitioner.MIN_PARTITIONS, Partitioner.MAX_PARTITIONS),
                EnvSettings.intValue(settings, "GAVEL_PROCESSOR_BATCH", 200, 1, 10_000),
                Duration.ofMillis(EnvSettings.intValue(settings, "GAVEL_PROCESSOR_POLL_MS", 100, 1, 1000)),
                Duration.ofMillis(EnvSettings.intValue(settings, "GAVEL_PROCESSOR_CLAIM_IDLE_MS", 30_000, 1, 3_600_000)),
                EnvSettings.text(settings, "GAVEL_PROCESSOR_CONSUMER", ""),
                Duration.ofSeconds(EnvSettings.intValue(settings, "GAVEL_STREAM_KEEP_SECONDS", 10, 0, 3600)));
    }

    private static Map<String, String> withOldNames(Map<String, String> env) {
        Map<String, String> settings = new HashMap<>(env);
        for (String suffix : new String[] {"BATCH", "POLL_MS", "CLAIM_IDLE_MS", "CONSUMER"}) {
            String old = env.get("GAVEL_ARCHIVE_" + suffix);
            if (old != null) {
                settings.putIfAbsent("GAVEL_PROCESSOR_" + suffix, old);
            }
        }
        return settings;
    }

    /** One Redis ({@code redis://}) or a Redis Cluster ({@code redis-cluster://host:port,...}), see RedisTarget. */
    private static String redisUrl(String value) {
        try {
            for (String url : RedisTarget.parse(value).urls()) {
                RedisURI.create(url);
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("GAVEL_REDIS_URL must be a redis:// or redis-cluster:// URL, got '" + value + "'");
        }
    }

    private static String mongodbUri(String value) {
        try {
            new ConnectionString(value);
            return value;
        } catch (IllegalArgumentException e) {
            throw new InvalidSetting("MONGODB_URI is not a MongoDB connection string: " + e.getMessage());
        }
    }

    private static String writeConcern(String value) {
        if (!"majority".equals(value) && !value.matches("[1-9][0-9]?")) {
            throw new InvalidSetting("GAVEL_MONGODB_WRITE_CONCERN must be majority or a number of members, got '" + value + "'");
        }
        return value;
    }
}
