package dev.gavel.query.archive;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.embeddedmongo.MongoProcess;
import dev.gavel.query.GavelConfig;
import dev.gavel.query.store.MongoStore;
import dev.gavel.query.store.RedisStore;
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

import static dev.gavel.query.archive.ArchiveApiTest.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An entry leaves the stream only once the archive holds it durably: the embedded MongoDB process is
 * killed with SIGKILL right after the archive's write returned and before the acknowledgement, the
 * archiver acknowledges and trims, and after MongoDB's restart every event is in the archive.
 */
class ArchiverDurabilityTest {

    private static final int PARTITIONS = 2;
    private static final int EVENTS = 40;

    @Test
    void shouldHaveMadeEveryTrimmedEntryDurableInTheArchive(@TempDir Path home) throws InterruptedException {
        // given
        RedisServer redisServer = RedisServer.startFresh();
        MongoProcess mongoProcess = MongoProcess.start(home.resolve("mongo"));
        RedisClient client = RedisClient.create(redisServer.uri());
        GavelConfig config = config(redisServer);
        RedisStore store = new RedisStore(config, new SimpleMeterRegistry());
        try (MongoClient mongoClient = MongoClients.create(mongoProcess.uri())) {
            RedisCommands<String, String> redis = client.connect().sync();
            String stream = new RedisKeys(new Partitioner(PARTITIONS)).eventsOf("durable");
            for (int seq = 1; seq <= EVENTS; seq++) {
                redis.xadd(stream, Map.of("type", "bid", "event_id", "bid:durable:" + seq, "item", "durable",
                        "user", "john", "amount_cents", Integer.toString(seq), "seq", Integer.toString(seq),
                        "ts_us", Long.toString(1_800_000_000_000_000L + seq)));
            }
            AtomicInteger killedAfter = new AtomicInteger();
            Archiver archiver = new Archiver(store, new MongoStore(mongoClient, mongoProcess.uri()), config, "durable",
                    new SimpleMeterRegistry(), (partition, batch) -> {
                        if (killedAfter.get() == 0) {
                            mongoProcess.kill();
                            killedAfter.set(batch.size());
                        }
                    });
            Thread thread = new Thread(archiver, "archiver-durable");
            thread.setDaemon(true);

            // when: the first batch's write returned, MongoDB dies, the archiver acknowledges and trims
            thread.start();
            await(() -> killedAfter.get() > 0 && redis.xlen(stream) == 0);
            archiver.stop();
            thread.join(5000);
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
            store.close();
            client.shutdown();
            mongoProcess.close();
            redisServer.close();
        }
    }

    private static GavelConfig config(RedisServer redisServer) {
        GavelConfig config = new GavelConfig();
        config.setRedisUrl(redisServer.uri());
        config.setPartitions(PARTITIONS);
        config.setArchiveBatch(100);
        config.setArchivePollMs(5);
        return config;
    }
}
