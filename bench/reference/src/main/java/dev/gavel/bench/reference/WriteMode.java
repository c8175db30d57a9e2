package dev.gavel.bench.reference;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.RedisConnection;
import io.vertx.redis.client.Request;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** What the reference server writes to Redis for one request (REF_MODE). */
enum WriteMode {

    /** One SET of the request path: the framework-plus-Redis floor. */
    SET {
        @Override
        Request write(String path, String body) {
            return Request.cmd(Command.SET).arg("ref:" + path).arg(body);
        }
    },

    /**
     * The minimal durable bid: one script, run by its SHA, that takes the item's next sequence number,
     * appends the record, sets the leader and appends the event, as a bid script must at the least. The
     * event stream is capped (MAXLEN ~, whole nodes only) as a consumer's trimming would keep it.
     */
    BID_SCRIPT {
        @Override
        Future<?> prepare(RedisConnection redis) {
            return redis.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(BidScript.SOURCE));
        }

        @Override
        Request write(String path, String body) {
            return Request.cmd(Command.EVALSHA).arg(BidScript.SHA).arg(3)
                    .arg("ref:" + path + ":state").arg("ref:" + path + ":records").arg("ref:events")
                    .arg(path).arg(body);
        }
    };

    /** Anything to do once per connection before the server listens. */
    Future<?> prepare(RedisConnection redis) {
        return Future.succeededFuture();
    }

    abstract Request write(String path, String body);

    static WriteMode named(String name) {
        return switch (name) {
            case "set" -> SET;
            case "bid-script" -> BID_SCRIPT;
            default -> throw new IllegalArgumentException("REF_MODE must be set or bid-script, not " + name);
        };
    }

    /**
     * The minimal durable bid: takes the item's next sequence number, appends the record, sets the
     * leader and appends the event, as a bid script must at the least. The event stream is capped
     * (MAXLEN ~, whole nodes only) as a consumer's trimming would keep it. Run by its SHA-1, which
     * Redis names a script by.
     */
    private static final class BidScript {
        static final String SOURCE = """
                local seq = redis.call('HINCRBY', KEYS[1], 'seq', 1)
                redis.call('RPUSH', KEYS[2], seq .. ' ' .. ARGV[2])
                redis.call('HSET', KEYS[1], 'leader', ARGV[2], 'leader_seq', seq)
                redis.call('XADD', KEYS[3], 'MAXLEN', '~', '100000', '*', 'type', 'bid', 'item', ARGV[1], 'seq', seq, 'body', ARGV[2])
                return seq
                """;
        static final String SHA = sha1(SOURCE);

        private static String sha1(String text) {
            try {
                return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(text.getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-1", e);
            }
        }
    }
}
