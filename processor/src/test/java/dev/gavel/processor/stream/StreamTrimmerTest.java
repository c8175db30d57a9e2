package dev.gavel.processor.stream;

import dev.gavel.contract.RedisKeys;
import io.lettuce.core.Range;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A stream keeps every entry that is not both archived (acknowledged) and derived (below the mark), and every
 * entry younger than the time kept for the live streams' readers.
 */
class StreamTrimmerTest {

    private StreamOfFive streams;
    private RedisCommands<String, String> redis;
    private List<String> ids;

    @BeforeEach
    void start() {
        streams = new StreamOfFive();
        redis = streams.redis;
        ids = streams.ids;
        streams.acknowledge(streams.read(5));
    }

    @AfterEach
    void stop() {
        streams.close();
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
        keepingTenSecondsAt(third + 10_000).trim();

        // then: what was added from the third entry's millisecond on stays
        List<String> kept = ids.stream().filter(id -> StreamIds.millisOf(id) >= third).toList();
        assertEquals(kept, remaining());
    }

    @Test
    void shouldTrimDoneEntriesOnceTheKeepTimeHasPassed() {
        redis.hset(RedisKeys.derivedMark(0), "applied", ids.get(4));
        long last = StreamIds.millisOf(ids.get(4));

        keepingTenSecondsAt(last + 10_001).trim();

        assertEquals(List.of(), remaining());
    }

    /** A trimmer that keeps 10 s of entries, on a clock that stands at {@code millis}. */
    private StreamTrimmer keepingTenSecondsAt(long millis) {
        return new StreamTrimmer(streams.connection, 1, Duration.ofSeconds(10), Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
    }

    private StreamTrimmer trimmer(Duration keep) {
        return new StreamTrimmer(streams.connection, 1, keep, Clock.systemUTC());
    }

    private List<String> remaining() {
        return redis.xrange(streams.stream, Range.create("-", "+")).stream().map(StreamMessage::getId).toList();
    }
}
