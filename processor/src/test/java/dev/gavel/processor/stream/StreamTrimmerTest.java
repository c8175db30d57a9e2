package dev.gavel.processor.stream;

import dev.gavel.contract.RedisKeys;
import dev.gavel.testkit.RedisServer;
import dev.gavel.testkit.StreamFields;
import io.lettuce.core.Consumer;
import io.lettuce.core.Range;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A stream keeps every entry that is not both archived (acknowledged) and derived (below the mark), and every
 * entry younger than the time kept for the live streams' readers.
 */
class StreamTrimmerTest {

    private RedisServer redisServer;
    private RedisClient client;
    private RedisCommands<String, String> redis;
    private RedisConnection connection;
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
        List<StreamMessage<String, String>> read = redis.xreadgroup(Consumer.from(ConsumerGroup.GROUP, "c"),
                XReadArgs.StreamOffset.lastConsumed(stream));
        redis.xack(stream, ConsumerGroup.GROUP, read.stream().map(StreamMessage::getId).toArray(String[]::new));
    }

    @AfterEach
    void stop() {
        connection.close();
        client.shutdown();
        redisServer.close();
    }

    @Test
    void shouldKeepWhatIsArchivedButNotYetDerived() {
        redis.hset(RedisKeys.derivedMark(0), "applied", ids.get(1));

        trimmer(Duration.ZERO).trim();

        assertEquals(ids.subList(2, 5), remaining());
    }

    @Test
    void shouldTrimNothingBeforeAnythingIsDerived() {
        trimmer(Duration.ZERO).trim();

        assertEquals(ids, remaining());
    }

    @Test
    void shouldTrimEverythingArchivedAndDerived() {
        redis.hset(RedisKeys.derivedMark(0), "applied", ids.get(4));

        trimmer(Duration.ZERO).trim();

        assertEquals(List.of(), remaining());
    }

    @Test
    void shouldKeepEntriesYoungerThanTheKeepTimeThoughTheyAreDone() {
        redis.hset(RedisKeys.derivedMark(0), "applied", ids.get(4));
        long third = StreamIds.millisOf(ids.get(2));

        // when: the clock stands where the third entry was added less than the keep time ago
        new StreamTrimmer(connection, 1, Duration.ofSeconds(10),
                Clock.fixed(Instant.ofEpochMilli(third + 10_000), ZoneOffset.UTC)).trim();

        // then: what was added from the third entry's millisecond on stays
        List<String> kept = ids.stream().filter(id -> StreamIds.millisOf(id) >= third).toList();
        assertEquals(kept, remaining());
    }

    @Test
    void shouldTrimDoneEntriesOnceTheKeepTimeHasPassed() {
        redis.hset(RedisKeys.derivedMark(0), "applied", ids.get(4));
        long last = StreamIds.millisOf(ids.get(4));

        new StreamTrimmer(connection, 1, Duration.ofSeconds(10),
                Clock.fixed(Instant.ofEpochMilli(last + 10_001), ZoneOffset.UTC)).trim();

        assertEquals(List.of(), remaining());
    }

    private StreamTrimmer trimmer(Duration keep) {
        return new StreamTrimmer(connection, 1, keep, Clock.systemUTC());
    }

    private List<String> remaining() {
        return redis.xrange(stream, Range.create("-", "+")).stream().map(StreamMessage::getId).toList();
    }
}
