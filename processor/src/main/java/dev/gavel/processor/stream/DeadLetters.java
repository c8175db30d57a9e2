package dev.gavel.processor.stream;

import dev.gavel.contract.MicroTime;
import dev.gavel.contract.RedisKeys;
import dev.gavel.lettuce.LuaScript;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.bson.Document;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;

/**
 * Moves a stream entry that is not a valid event to its partition's dead-letter stream, acknowledging it
 * in the same script ({@code lua/dead-letter.lua}): an entry is dead-lettered only by the call that
 * acknowledges it, so a replay or a second consumer never dead-letters it twice, and it never blocks the
 * entries behind it. The dead-letter streams keep about {@value #MAX_LENGTH} entries each.
 */
public final class DeadLetters {

    public static final long MAX_LENGTH = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final LuaScript SCRIPT = LuaScript.fromResource("/lua/dead-letter.lua");

    private final RedisConnection redis;
    private final Counter moved;

    public DeadLetters(RedisConnection redis, MeterRegistry meters) {
        this.redis = redis;
        this.moved = Counter.builder("gavel.archive.dead.letters")
                .description("invalid stream entries moved to a dead-letter stream").register(meters);
    }

    public void move(int partition, StreamMessage<String, String> entry, String reason) {
        Long done = SCRIPT.run(redis, ScriptOutputType.INTEGER,
                new String[] {RedisKeys.events(partition), RedisKeys.deadLetters(partition)},
                ConsumerGroup.GROUP, entry.getId(), reason, new Document(new LinkedHashMap<>(entry.getBody())).toJson(),
                Long.toString(MicroTime.nowMicros()), Integer.toString(partition), Long.toString(MAX_LENGTH));
        if (done != null && done == 1) {
            moved.increment();
            LOG.warn("stream entry {} of partition {} moved to the dead-letter stream: {}", entry.getId(), partition, reason);
        }
    }
}
