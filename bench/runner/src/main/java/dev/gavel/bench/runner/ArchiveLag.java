package dev.gavel.bench.runner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How far the archive is behind, read from Redis itself so it holds whichever process archives: the
 * age of the oldest entry of any partition stream ({@code gavel:{pN}:events}) that the consumer group
 * {@code archiver} has not acknowledged yet (pending, or not even delivered), by Redis's own clock
 * (stream ids are its milliseconds). A rate counts as sustained only when this is under
 * {@link #SUSTAINED_SECONDS} at the end of the measured run.
 *
 * @param seconds           the age of the oldest unacknowledged entry, 0 when every stream is acknowledged
 * @param behind            entries not acknowledged yet, over every stream (pending plus not delivered)
 * @param streams           partition streams found
 * @param derivedP99Seconds the 99th percentile, over the measured run, of the derived views' lag
 *                          ({@link DerivedLagSampler}); 0 when it was not sampled
 */
record ArchiveLag(double seconds, long behind, int streams, double derivedP99Seconds) {

    static final double SUSTAINED_SECONDS = 2.0;
    static final String GROUP = "archiver";
    static final String STREAM_PATTERN = "gavel:{p*}:events";

    ArchiveLag withDerivedP99(double p99Seconds) {
        return new ArchiveLag(seconds, behind, streams, p99Seconds);
    }

    boolean sustained() {
        return seconds < SUSTAINED_SECONDS;
    }

    /**
     * The lag of the stack's Redis: every port given is a primary (one for a single Redis, each of a
     * cluster's), and each holds only its own partitions' streams, so each is asked for its own and the
     * worst age counts. Empty when no stream has an {@code archiver} group (the archive is off), since
     * nothing then archives and no lag can be told.
     */
    static Optional<ArchiveLag> measure(List<Integer> redisPorts) throws IOException {
        double oldestAge = 0;
        long behind = 0;
        int streams = 0;
        boolean anyGroup = false;
        for (int port : redisPorts) {
            NodeLag node = measureNode(port);
            oldestAge = Math.max(oldestAge, node.seconds());
            behind += node.behind();
            streams += node.streams();
            anyGroup |= node.archived();
        }
        if (streams > 0 && !anyGroup) {
            return Optional.empty();
        }
        return Optional.of(new ArchiveLag(oldestAge, behind, streams, 0));
    }

    /** One node's part: its streams, how many entries they are behind, the oldest age, whether any has the group. */
    private record NodeLag(double seconds, long behind, int streams, boolean archived) {
    }

    private static NodeLag measureNode(int redisPort) throws IOException {
        try (RedisClient redis = RedisClient.connect(redisPort)) {
            List<String> streams = streams(redis);
            long now = nowMillis(redis);
            double oldestAge = 0;
            long behind = 0;
            boolean anyGroup = false;
            for (String stream : streams) {
                Optional<Map<String, Object>> group = archiverGroup(redis, stream);
                if (group.isEmpty()) {
                    continue;
                }
                anyGroup = true;
                long pending = (Long) group.get().get("pending");
                Object undelivered = group.get().get("lag");
                behind += pending + (undelivered instanceof Long n ? n : 0);
                Optional<String> oldest = pending > 0 ? oldestPending(redis, stream)
                        : firstAfter(redis, stream, (String) group.get().get("last-delivered-id"));
                if (oldest.isPresent()) {
                    oldestAge = Math.max(oldestAge, Math.max(0, now - idMillis(oldest.get())) / 1000.0);
                }
            }
            return new NodeLag(oldestAge, behind, streams.size(), anyGroup);
        }
    }

    static List<String> streams(RedisClient redis) throws IOException {
        List<String> found = new ArrayList<>();
        String cursor = "0";
        do {
            List<?> reply = (List<?>) redis.call("SCAN", cursor, "MATCH", STREAM_PATTERN, "COUNT", "1000", "TYPE", "stream");
            cursor = (String) reply.get(0);
            for (Object key : (List<?>) reply.get(1)) {
                found.add((String) key);
            }
        } while (!cursor.equals("0"));
        return found;
    }

    static long nowMillis(RedisClient redis) throws IOException {
        List<?> time = (List<?>) redis.call("TIME");
        return Long.parseLong((String) time.get(0)) * 1000 + Long.parseLong((String) time.get(1)) / 1000;
    }

    private static Optional<Map<String, Object>> archiverGroup(RedisClient redis, String stream) throws IOException {
        for (Object entry : (List<?>) redis.call("XINFO", "GROUPS", stream)) {
            List<?> pairs = (List<?>) entry;
            Map<String, Object> group = new HashMap<>();
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
                group.put((String) pairs.get(i), pairs.get(i + 1));
            }
            if (GROUP.equals(group.get("name"))) {
                return Optional.of(group);
            }
        }
        return Optional.empty();
    }

    private static Optional<String> oldestPending(RedisClient redis, String stream) throws IOException {
        List<?> summary = (List<?>) redis.call("XPENDING", stream, GROUP);
        return Optional.ofNullable((String) summary.get(1));
    }

    private static Optional<String> firstAfter(RedisClient redis, String stream, String lastDelivered) throws IOException {
        List<?> entries = (List<?>) redis.call("XRANGE", stream, "(" + lastDelivered, "+", "COUNT", "1");
        return entries.isEmpty() ? Optional.empty() : Optional.of((String) ((List<?>) entries.get(0)).get(0));
    }

    static long idMillis(String id) {
        int dash = id.indexOf('-');
        return Long.parseLong(dash < 0 ? id : id.substring(0, dash));
    }
}
