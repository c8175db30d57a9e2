package dev.gavel.processor.stream;

import dev.gavel.contract.RedisKeys;
import dev.gavel.testkit.RedisServer;
import dev.gavel.testkit.StreamFields;
import io.lettuce.core.Consumer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.sync.RedisCommands;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A fresh Redis whose partition 0 stream holds five entries and the archiver group, created at its start and not
 * reading yet; the connection the processor's classes use, and a plain one for the test's own commands.
 */
final class StreamOfFive implements AutoCloseable {

    final String stream = RedisKeys.events(0);
    final List<String> ids = new ArrayList<>();
    final RedisCommands<String, String> redis;
    final RedisConnection connection;
    private final RedisServer server;
    private final RedisClient client;

    StreamOfFive() {
        server = RedisServer.startFresh();
        client = RedisClient.create(server.uri());
        redis = client.connect().sync();
        connection = new RedisConnection(server.uri(), Duration.ofSeconds(2));
        for (int i = 1; i <= 5; i++) {
            ids.add(redis.xadd(stream, StreamFields.of("n", Integer.toString(i))));
        }
        redis.xgroupCreate(XReadArgs.StreamOffset.from(stream, "0"), ConsumerGroup.GROUP);
    }

    /** Reads up to {@code count} entries as the archiver group's consumer {@code c}. */
    List<StreamMessage<String, String>> read(int count) {
        return redis.xreadgroup(Consumer.from(ConsumerGroup.GROUP, "c"), XReadArgs.Builder.count(count),
                XReadArgs.StreamOffset.lastConsumed(stream));
    }

    void acknowledge(List<StreamMessage<String, String>> entries) {
        redis.xack(stream, ConsumerGroup.GROUP, entries.stream().map(StreamMessage::getId).toArray(String[]::new));
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
        server.close();
    }
}
