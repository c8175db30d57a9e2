package dev.gavel.bench.runner;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.logging.Logger;

/**
 * Samples, four times a second while a scenario's load runs, how far the processor's derived views
 * (statistics, users' items, recent items) are behind, read from Redis: per partition stream the age of
 * the first entry after the partition's mark ({@code gavel:{pN}:derived}, field {@code applied}; the whole
 * stream when there is no mark yet), the oldest of them by Redis's clock. The contract allows 1 s; the
 * report prints the 99th percentile of the samples. On a Redis Cluster each primary holds its own
 * partitions' streams and marks (a mark carries its stream's tag), so each sample asks every primary and
 * takes the worst.
 */
final class DerivedLagSampler implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DerivedLagSampler.class.getName());
    private static final long EVERY_MS = 250;
    /**
     * The streams are listed again every this many samples (10 s): a SCAN of the keyspace took Redis 1.9 ms
     * under load, twice per sample, in the queue of the writes being measured. Partition streams, once
     * written, stay, so a list a few seconds old misses at most a partition's first entries.
     */
    private static final int RESCAN_EVERY = 40;

    private final List<Integer> redisPorts;
    private final List<Double> samples = Collections.synchronizedList(new ArrayList<>());
    private final Thread thread;
    private volatile boolean running = true;

    private DerivedLagSampler(List<Integer> redisPorts) {
        this.redisPorts = List.copyOf(redisPorts);
        this.thread = new Thread(this::sample, "derived-lag-sampler");
        thread.setDaemon(true);
    }

    /** Samples every primary of the stack's Redis: the one port of a single Redis, each primary's of a cluster. */
    static DerivedLagSampler start(List<Integer> redisPorts) {
        DerivedLagSampler sampler = new DerivedLagSampler(redisPorts);
        sampler.thread.start();
        return sampler;
    }

    /** The 99th percentile of the samples in seconds, 0 without samples. */
    double p99() {
        List<Double> sorted;
        synchronized (samples) {
            sorted = new ArrayList<>(samples);
        }
        if (sorted.isEmpty()) {
            return 0;
        }
        Collections.sort(sorted);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1));
    }

    private void sample() {
        List<RedisClient> nodes = new ArrayList<>();
        try {
            for (int port : redisPorts) {
                nodes.add(RedisClient.connect(port));
            }
            List<List<String>> streams = new ArrayList<>();
            for (int round = 0; running; round++) {
                if (round % RESCAN_EVERY == 0) {
                    streams = streamsOf(nodes);
                }
                samples.add(lagSeconds(nodes, streams));
                Waiting.sleep(EVERY_MS);
            }
        } catch (IOException e) {
            LOG.warning("could not sample the derived views' lag: " + e.getMessage());
        } finally {
            nodes.forEach(DerivedLagSampler::closeQuietly);
        }
    }

    /** Each node's partition streams (a SCAN of its keyspace: too costly to repeat at every sample). */
    static List<List<String>> streamsOf(List<RedisClient> nodes) throws IOException {
        List<List<String>> streams = new ArrayList<>();
        for (RedisClient node : nodes) {
            streams.add(ArchiveLag.streams(node));
        }
        return streams;
    }

    /** The worst lag over these nodes, each asked about the streams it holds. */
    static double lagSeconds(List<RedisClient> nodes) throws IOException {
        return lagSeconds(nodes, streamsOf(nodes));
    }

    /** As {@link #lagSeconds(List)}, with each node's streams as last listed ({@code streams}, by node). */
    static double lagSeconds(List<RedisClient> nodes, List<List<String>> streams) throws IOException {
        double oldest = 0;
        for (int i = 0; i < nodes.size(); i++) {
            oldest = Math.max(oldest, lagSeconds(nodes.get(i), streams.get(i)));
        }
        return oldest;
    }

    static double lagSeconds(RedisClient redis) throws IOException {
        return lagSeconds(redis, ArchiveLag.streams(redis));
    }

    private static double lagSeconds(RedisClient redis, List<String> streams) throws IOException {
        long now = ArchiveLag.nowMillis(redis);
        double oldest = 0;
        for (String stream : streams) {
            String markKey = stream.substring(0, stream.length() - ":events".length()) + ":derived";
            Object mark = redis.call("HGET", markKey, "applied");
            List<?> next = (List<?>) redis.call("XRANGE", stream, mark == null ? "-" : "(" + mark, "+", "COUNT", "1");
            if (!next.isEmpty()) {
                String id = (String) ((List<?>) next.get(0)).get(0);
                oldest = Math.max(oldest, Math.max(0, now - ArchiveLag.idMillis(id)) / 1000.0);
            }
        }
        return oldest;
    }

    private static void closeQuietly(RedisClient node) {
        try {
            node.close();
        } catch (IOException e) {
            LOG.fine("closing a connection to Redis: " + e.getMessage());
        }
    }

    @Override
    public void close() {
        running = false;
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
