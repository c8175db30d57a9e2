package dev.gavel.contract;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@code GAVEL_REDIS_URL} names: one Redis ({@code redis://host:port[/db]}, given to the client as it
 * is) or a Redis Cluster ({@code redis-cluster://host:port,host:port,...}: seed nodes, any of them enough
 * to discover the rest). Every service reads the URL through this, so they agree on what is a cluster.
 *
 * @param cluster whether the URL names a cluster
 * @param urls    the single Redis's URL, or one {@code redis://host:port} per seed node of the cluster
 */
public record RedisTarget(boolean cluster, List<String> urls) {

    public static final String CLUSTER_SCHEME = "redis-cluster://";

    public RedisTarget {
        urls = List.copyOf(urls);
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("a Redis target needs at least one URL");
        }
    }

    /** Parses {@code GAVEL_REDIS_URL}; a clear IllegalArgumentException names what is wrong. */
    public static RedisTarget parse(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("GAVEL_REDIS_URL is empty");
        }
        if (!url.startsWith(CLUSTER_SCHEME)) {
            if (!url.startsWith("redis://") && !url.startsWith("rediss://")) {
                throw new IllegalArgumentException("GAVEL_REDIS_URL must start with redis:// or " + CLUSTER_SCHEME
                        + ", got " + url);
            }
            return new RedisTarget(false, List.of(url));
        }
        List<String> seeds = new ArrayList<>();
        for (String node : url.substring(CLUSTER_SCHEME.length()).split(",", -1)) {
            String hostPort = node.strip();
            int colon = hostPort.lastIndexOf(':');
            if (colon <= 0 || colon == hostPort.length() - 1 || !isPort(hostPort.substring(colon + 1))) {
                throw new IllegalArgumentException("GAVEL_REDIS_URL: each cluster node must be host:port, got '"
                        + hostPort + "' in " + url);
            }
            seeds.add("redis://" + hostPort);
        }
        return new RedisTarget(true, seeds);
    }

    private static boolean isPort(String text) {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int port = Integer.parseInt(text);
        return port >= 1 && port <= 65_535;
    }
}
