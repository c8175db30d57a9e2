package dev.gavel.acceptor.auth;

import dev.gavel.acceptor.http.ApiException;
import dev.gavel.acceptor.metrics.Metrics;
import dev.gavel.contract.PasswordHash;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The slow password hash on its own threads: a fixed number (GAVEL_HASH_THREADS) with a bounded queue
 * (GAVEL_HASH_QUEUE). Never on an event loop, and never in Vert.x's worker pool, whose queue has no bound:
 * when threads and queue are full the request answers 429 at once. Results complete on a hash thread;
 * callers continue on their own context. A username with no hash is checked against a dummy one of the
 * same iteration count, so a failed check costs the same whether the name exists or not.
 */
public final class HashPool implements AutoCloseable {

    private static final long RETRY_AFTER_SECONDS = 1;

    private final ThreadPoolExecutor executor;
    private final Metrics metrics;
    private volatile String dummyHash;
    private volatile int dummyIterations;

    public HashPool(int threads, int queue, int passwordIterations, Metrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        AtomicInteger number = new AtomicInteger();
        BlockingQueue<Runnable> work = queue == 0 ? new SynchronousQueue<>() : new ArrayBlockingQueue<>(queue);
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, work, task -> {
            Thread thread = new Thread(task, "password-hash-" + number.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }, new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
        useDummy(passwordIterations);
    }

    /** Whether {@code password} matches {@code encoded}; with no {@code encoded} (no such user) a full check that fails. */
    public Future<Boolean> verify(String password, String encoded) {
        Promise<Boolean> result = Promise.promise();
        try {
            executor.execute(() -> {
                metrics.passwordHash();
                try {
                    if (encoded == null) {
                        PasswordHash.verify(password == null ? "" : password, dummyHash);
                        result.complete(false);
                    } else {
                        noteIterations(encoded);
                        result.complete(PasswordHash.verify(password, encoded));
                    }
                } catch (RuntimeException e) {
                    result.fail(e);
                }
            });
        } catch (RejectedExecutionException e) {
            metrics.passwordHashRefused();
            return Future.failedFuture(
                    ApiException.tooManyRequests("too many password checks under way; try again shortly", RETRY_AFTER_SECONDS));
        }
        return result.future();
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** The dummy follows the iteration count of the real hashes seen, which query-api may have raised. */
    private void noteIterations(String encoded) {
        String[] parts = encoded.split("\\$", -1);
        if (parts.length != 4) {
            return;
        }
        try {
            int iterations = Integer.parseInt(parts[1]);
            if (iterations != dummyIterations && iterations >= 1 && iterations <= PasswordHash.MAX_ITERATIONS) {
                useDummy(iterations);
            }
        } catch (NumberFormatException e) {
            // a malformed hash never verifies; the dummy keeps its iteration count
        }
    }

    /** A random salt and key: verifying against it costs a full PBKDF2 run and never succeeds in practice. */
    private void useDummy(int iterations) {
        SecureRandom random = new SecureRandom();
        byte[] salt = new byte[PasswordHash.SALT_BYTES];
        byte[] key = new byte[PasswordHash.KEY_BYTES];
        random.nextBytes(salt);
        random.nextBytes(key);
        dummyIterations = iterations;
        dummyHash = PasswordHash.encode(iterations, salt, key);
    }
}
