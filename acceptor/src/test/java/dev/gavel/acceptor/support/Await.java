package dev.gavel.acceptor.support;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Blocks a test thread on a Vert.x future: its result, or an IllegalStateException with its failure as the cause. */
public final class Await {

    private static final Duration DEFAULT = Duration.ofSeconds(10);

    private Await() {
    }

    public static <T> T result(Future<T> future) {
        return result(future, DEFAULT);
    }

    public static <T> T result(Future<T> future, Duration timeout) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("no answer within " + timeout.toMillis() + " ms", e);
        }
    }
}
