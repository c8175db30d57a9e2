package dev.gavel.acceptor.support;

import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Reads Redis from a test thread: any command, with the full reply. */
public final class RedisProbe implements AutoCloseable {

    private final Vertx vertx;
    private final Redis redis;

    public RedisProbe(String uri) {
        this.vertx = Vertx.vertx();
        this.redis = Redis.createClient(vertx, uri);
    }

    public Response call(String command, String... args) {
        Request request = Request.cmd(Command.create(command));
        for (String arg : args) {
            request.arg(arg);
        }
        return Await.result(redis.send(request));
    }

    public String text(String command, String... args) {
        Response reply = call(command, args);
        return reply == null ? null : reply.toString();
    }

    public long number(String command, String... args) {
        return call(command, args).toLong();
    }

    public List<String> list(String key) {
        List<String> entries = new ArrayList<>();
        for (Response entry : call("LRANGE", key, "0", "-1")) {
            entries.add(entry.toString());
        }
        return entries;
    }

    /** Every key of the database, sorted (test databases are small). */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (Response key : call("KEYS", "*")) {
            keys.add(key.toString());
        }
        keys.sort(null);
        return keys;
    }

    /** The fields of every entry of a stream, oldest first, each in the order the entry holds them. */
    public List<Map<String, String>> streamEntries(String key) {
        return entries(call("XRANGE", key, "-", "+"));
    }

    /** As {@link #streamEntries(String)}, only the entries after {@code id} (see {@link #lastStreamId}). */
    public List<Map<String, String>> streamEntriesAfter(String key, String id) {
        return entries(call("XRANGE", key, "(" + id, "+"));
    }

    /** The id of a stream's newest entry, or {@code 0-0} when it has none. */
    public String lastStreamId(String key) {
        Response newest = call("XREVRANGE", key, "+", "-", "COUNT", "1");
        return newest.size() == 0 ? "0-0" : newest.get(0).get(0).toString();
    }

    private static List<Map<String, String>> entries(Response range) {
        List<Map<String, String>> entries = new ArrayList<>();
        for (Response entry : range) {
            Map<String, String> fields = new LinkedHashMap<>();
            Response pairs = entry.get(1);
            for (int i = 0; i < pairs.size(); i += 2) {
                fields.put(pairs.get(i).toString(), pairs.get(i + 1).toString());
            }
            entries.add(fields);
        }
        return entries;
    }

    @Override
    public void close() {
        try {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
