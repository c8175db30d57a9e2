package dev.gavel.query.deadletter;

import dev.gavel.contract.MicroTime;
import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.StreamEntry;
import dev.gavel.query.store.RedisStore;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The partitions' dead-letter streams ({@code gavel:{pN}:deadletter}, docs/redis-layout.md). A read sends one
 * small XRANGE per partition, pipelined, each from the position's stream id on.
 */
@Singleton
public class DeadLetterReader {

    private final RedisStore redis;
    private final RedisKeys keys;

    public DeadLetterReader(RedisStore redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** A dead letter as stored, and where it stands in the merged order (for the next cursor). */
    public record Letter(DeadLetterPosition position, Map<String, String> body) {

        /** Made only for the letters a page shows: the fields' JSON is parsed here. */
        public DeadLetterViews.DeadLetter view() {
            String at = body.get(StreamEntry.DEAD_AT_US);
            return new DeadLetterViews.DeadLetter(position.streamId(), position.partition(),
                    body.get(StreamEntry.DEAD_STREAM_ID), body.get(StreamEntry.DEAD_REASON),
                    fields(body.getOrDefault(StreamEntry.DEAD_FIELDS, "{}")),
                    at == null ? null : MicroTime.format(Long.parseLong(at)));
        }
    }

    /**
     * Up to {@code count} letters of each partition that come after {@code from}, in (stream id, partition)
     * order; the caller keeps the first it needs.
     */
    public List<Letter> after(DeadLetterPosition from, int count) {
        RedisClusterAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<List<StreamMessage<String, String>>>> replies = new ArrayList<>(keys.partitions());
        for (int p = 0; p < keys.partitions(); p++) {
            replies.add(async.xrange(RedisKeys.deadLetters(p), Range.create(from.streamId(), "+"),
                    Limit.create(0, count)));
        }
        List<Letter> letters = new ArrayList<>();
        for (int p = 0; p < replies.size(); p++) {
            for (StreamMessage<String, String> entry : redis.await(replies.get(p))) {
                DeadLetterPosition position = DeadLetterPosition.of(entry.getId(), p);
                if (position.compareTo(from) > 0) {
                    letters.add(new Letter(position, entry.getBody()));
                }
            }
        }
        letters.sort(Comparator.comparing(Letter::position));
        return letters;
    }

    /** The refused entry's fields as the JSON object they were stored as; the stored text if it is not one. */
    private static Object fields(String json) {
        try {
            return new LinkedHashMap<>(Document.parse(json));
        } catch (RuntimeException e) {
            return json;
        }
    }
}
