package dev.gavel.processor.stream;

import dev.gavel.contract.RedisKeys;
import dev.gavel.testkit.RedisServer;
import dev.gavel.testkit.StreamFields;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archive's lag is what the group has not acknowledged, not what the stream still holds: done entries stay a
 * few seconds for the live streams (StreamTrimmer) and must not show as lag.
 */
class StreamLagTest {

    private RedisServer redisServer;
    private RedisClient client;
    private RedisCommands<String, String> redis;
    private RedisConnection connection;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final String stream = RedisKeys.events(0);
    private final List<String> ids = new ArrayList<>();

    @BeforeEach
    void start() {
        redisServer = RedisServer.startFresh();
        client = RedisClient.create(redisServer.uri());
        redis = client.connect().sync();
        connection = new RedisConnection(redisServer.uri(), Duration.ofSeconds(2));
        for (int i = 1; i <= 5; i++) {
            ids.add(redis.xadd(stream, StreamFields.of("n", Integer.toString(i))));
        }
        redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), ConsumerGroup.GROUP);
    }

    @AfterEach
    void stop() {
        connection.close();
        client.shutdown();
        redisServer.close();
    }

    @Test
    void shouldCountThePendingAndTheUndeliveredEntriesFromTheOldestPendingOne() throws InterruptedException {
        // given: three read, two of them acknowledged; two not read yet
        List<StreamMessage<String, String>> read = redis.xreadgroup(Consumer.from(ConsumerGroup.GROUP, "c"),
                XReadArgs.Builder.count(3), XReadArgs.StreamOffset.lastConsumed(stream));
        redis.xack(stream, ConsumerGroup.GROUP, read.get(0).getId(), read.get(1).getId());
        Thread.sleep(20);

        // when
        new StreamLag(connection, 1, meters).update();

        // then
        assertEquals(3, gauge("gavel.archive.lag.entries"));
        double age = gauge("gavel.archive.lag.seconds");
        double sinceThird = (System.currentTimeMillis() - StreamIds.millisOf(ids.get(2))) / 1000.0;
        assertTrue(age > 0 && age <= sinceThird, "lag " + age + " s, the third entry is " + sinceThird + " s old");
    }

    @Test
    void shouldReportNoLagForEntriesArchivedButStillKept() throws InterruptedException {
        // given: everything read and acknowledged, nothing trimmed
        List<StreamMessage<String, String>> read = redis.xreadgroup(Consumer.from(ConsumerGroup.GROUP, "c"),
                XReadArgs.StreamOffset.lastConsumed(stream));
        redis.xack(stream, ConsumerGroup.GROUP, read.stream().map(StreamMessage::getId).toArray(String[]::new));
        Thread.sleep(20);

        // when
        new StreamLag(connection, 1, meters).update();

        // then
        assertEquals(5, redis.xlen(stream));
        assertEquals(0, gauge("gavel.archive.lag.entries"));
        assertEquals(0, gauge("gavel.archive.lag.seconds"));
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }
}
