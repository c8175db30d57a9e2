package dev.gavel.processor;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.embeddedmongo.MongoProcess;
import dev.gavel.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.gavel.testkit.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An entry leaves the stream only once the archive holds it durably: the embedded MongoDB process is
 * killed with SIGKILL right after the archive's write returned and before the acknowledgement, the
 * processor acknowledges and trims, and after MongoDB's restart every event is in the archive.
 */
class ProcessorDurabilityTest {

    private static final int PARTITIONS = 2;
    private static final int EVENTS = 40;

    @Test
    void shouldHaveMadeEveryTrimmedEntryDurableInTheArchive(@TempDir Path home) {
        // given
        RedisServer redisServer = RedisServer.startFresh();
        MongoProcess mongoProcess = MongoProcess.start(home.resolve("mongo"));
        RedisClient client = RedisClient.create(redisServer.uri());
        try {
            RedisCommands<String, String> redis = client.connect().sync();
            String stream = new RedisKeys(new Partitioner(PARTITIONS)).eventsOf("durable");
            for (int seq = 1; seq <= EVENTS; seq++) {
                redis.xadd(stream, Map.of("type", "bid", "event_id", "bid:durable:" + seq, "item", "durable",
                        "user", "john", "amount_cents", Integer.toString(seq), "seq", Integer.toString(seq),
                        "ts_us", Long.toString(1_800_000_000_000_000L + seq)));
            }
            ProcessorConfig config = ProcessorConfig.fromEnvironment(Map.of(
                    "GAVEL_REDIS_URL", redisServer.uri(), "MONGODB_URI", mongoProcess.uri(),
                    "GAVEL_PARTITIONS", Integer.toString(PARTITIONS), "GAVEL_PROCESSOR_BATCH", "100",
                    "GAVEL_PROCESSOR_POLL_MS", "5", "GAVEL_PROCESSOR_CONSUMER", "durable", "GAVEL_STREAM_KEEP_SECONDS", "0"));
            AtomicInteger killedAfter = new AtomicInteger();

            // when: the first batch's write returned, MongoDB dies, the processor acknowledges and trims
            try (Processor ignored = Processor.start(config, new SimpleMeterRegistry(), (partition, batch) -> {
                if (killedAfter.get() == 0) {
                    mongoProcess.kill();
                    killedAfter.set(batch.size());
                }
            })) {
                await(() -> killedAfter.get() > 0 && redis.xlen(stream) == 0);
            }
            mongoProcess.start();

            // then
            assertEquals(EVENTS, killedAfter.get(), "the first batch was not the whole stream");
            try (MongoClient reader = MongoClients.create(mongoProcess.uri())) {
                Set<Long> seqs = new HashSet<>();
                for (Document event : reader.getDatabase("gavel").getCollection("events")
                        .find(new Document("item", "durable"))) {
                    seqs.add(event.get("seq", Number.class).longValue());
                }
                assertEquals(EVENTS, seqs.size(), "trimmed entries missing from the archive after the kill: " + seqs);
            }
        } finally {
            client.shutdown();
            mongoProcess.close();
            redisServer.close();
        }
    }
}
