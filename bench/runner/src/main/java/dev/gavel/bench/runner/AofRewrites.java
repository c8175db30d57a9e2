package dev.gavel.bench.runner;

import java.io.IOException;
import java.util.Optional;

/**
 * AOF rewrites that fell into a measured run, of the stack's Redis and of the reference Redis, and
 * the stack Redis's last fork time: a rewrite forks Redis, and the fork stalls its one thread, so a
 * run with rewrites has a longer tail.
 */
record AofRewrites(long stack, long reference, double lastForkMs) {

    /** Rewrites so far (a counter, for {@link #since}); -1 for a Redis that did not answer. */
    record Count(long stack, long reference) {
    }

    static Count count(int stackPort, int referencePort) {
        return new Count(stat(stackPort, "aof_rewrites").orElse(-1L), stat(referencePort, "aof_rewrites").orElse(-1L));
    }

    static AofRewrites since(Count before, int stackPort, int referencePort) {
        Count after = count(stackPort, referencePort);
        long stack = Math.max(0, after.stack() - before.stack());
        double forkMs = stack > 0 ? stat(stackPort, "latest_fork_usec").orElse(0L) / 1000.0 : 0;
        return new AofRewrites(stack, Math.max(0, after.reference() - before.reference()), forkMs);
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
