package dev.gavel.bench.runner;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AOF rewrites that fell into a measured run, of the stack's Redis (every primary of a cluster, summed)
 * and of the reference Redis, and the longest last fork time among the stack's nodes that rewrote: a
 * rewrite forks Redis, and the fork stalls its one thread, so a run with rewrites has a longer tail.
 */
record AofRewrites(long stack, long reference, double lastForkMs) {

    /** Rewrites so far (counters, for {@link #since}): per stack Redis port, and of the reference; -1 for a Redis that did not answer. */
    record Count(Map<Integer, Long> stack, long reference) {
    }

    static Count count(List<Integer> stackPorts, int referencePort) {
        Map<Integer, Long> stack = new LinkedHashMap<>();
        for (int port : stackPorts) {
            stack.put(port, stat(port, "aof_rewrites").orElse(-1L));
        }
        return new Count(stack, stat(referencePort, "aof_rewrites").orElse(-1L));
    }

    /** The rewrites since {@code before}; a node that did not answer either time counts none. */
    static AofRewrites since(Count before, List<Integer> stackPorts, int referencePort) {
        Count after = count(stackPorts, referencePort);
        long stack = 0;
        double forkMs = 0;
        for (Map.Entry<Integer, Long> node : after.stack().entrySet()) {
            long rewrites = between(before.stack().getOrDefault(node.getKey(), -1L), node.getValue());
            stack += rewrites;
            if (rewrites > 0) {
                forkMs = Math.max(forkMs, stat(node.getKey(), "latest_fork_usec").orElse(0L) / 1000.0);
            }
        }
        return new AofRewrites(stack, between(before.reference(), after.reference()), forkMs);
    }

    private static long between(long before, long after) {
        return before < 0 || after < 0 ? 0 : Math.max(0, after - before);
    }

    /** A numeric field of INFO ALL. */
    static Optional<Long> stat(int port, String field) {
        if (port <= 0) {
            return Optional.empty();
        }
        try (RedisClient redis = RedisClient.connect(port)) {
            String info = (String) redis.call("INFO", "all");
            for (String line : info.split("\r?\n")) {
                if (line.startsWith(field + ":")) {
                    return Optional.of(Long.parseLong(line.substring(field.length() + 1).trim()));
                }
            }
            return Optional.empty();
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }
}
