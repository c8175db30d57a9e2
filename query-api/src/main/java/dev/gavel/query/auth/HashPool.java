package dev.gavel.query.auth;

import dev.gavel.contract.PasswordHash;
import dev.gavel.query.error.ApiException;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the slow password hash on a fixed number of threads with a bounded queue (GAVEL_HASH_THREADS,
 * GAVEL_HASH_QUEUE). When both are full the request answers 429 at once instead of waiting in a queue
 * that grows with an attack. A username that does not exist is checked against a dummy hash of the same
 * iteration count, so a failed check costs the same whether the name exists or not.
 */
@Singleton
public class HashPool {

    private static final long RETRY_AFTER_SECONDS = 1;

    private final PasswordHasher hasher;
    private final ThreadPoolExecutor executor;
    private final String dummyHash;
    private final AtomicLong hashes = new AtomicLong();

    public HashPool(PasswordHasher hasher, AbuseConfig config) {
        this.hasher = hasher;
        AtomicInteger threadNumber = new AtomicInteger();
        int threads = config.getHashThreads();
        this.executor = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS,
                config.getHashQueue() == 0 ? new SynchronousQueue<>()
                        : new ArrayBlockingQueue<>(config.getHashQueue()),
                task -> {
                    Thread thread = new Thread(task, "password-hash-" + threadNumber.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                new ThreadPoolExecutor.AbortPolicy());
        this.executor.allowCoreThreadTimeOut(true);
        this.dummyHash = hasher.dummy();
    }

    /** True when {@code password} matches {@code encoded}; a null {@code encoded} (no such user) costs a full check and fails. */
    public boolean verify(String encoded, String password) {
        if (encoded == null) {
            run(() -> PasswordHash.verify(password == null ? "" : password, dummyHash));
            return false;
        }
        return run(() -> PasswordHash.verify(password, encoded));
    }

    public String hash(String password) {
        return run(() -> hasher.hash(password));
    }

    /** How many hashes this pool has computed: a check that the slow path ran, also for unknown names. */
    public long hashes() {
        return hashes.get();
    }

    private <T> T run(Callable<T> work) {
        Future<T> result;
        try {
            result = executor.submit(() -> {
                hashes.incrementAndGet();
                return work.call();
            });
        } catch (RejectedExecutionException e) {
            throw ApiException.tooManyRequests("too many password checks under way; try again shortly", RETRY_AFTER_SECONDS);
        }
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.cancel(true);
            throw new IllegalStateException("interrupted while checking a password", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }

    @PreDestroy
    void close() {
        executor.shutdownNow();
    }
}
