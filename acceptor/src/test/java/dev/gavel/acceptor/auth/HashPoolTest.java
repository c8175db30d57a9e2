package dev.gavel.acceptor.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.http.ApiException;
import dev.gavel.acceptor.metrics.Metrics;
import dev.gavel.acceptor.support.Await;
import dev.gavel.acceptor.support.TestData;
import io.vertx.core.Future;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HashPoolTest {

    /**
     * "12345" under 1,000,000 iterations, worked out once: hashing it in the test cost as much again as the check
     * that keeps the pool busy. The busy check's {@code true} proves it is the right hash.
     */
    private static final String SLOW_HASH = "pbkdf2_sha256$1000000$Z2F2ZWwtc2xvdy1oYXNoIQ==$S3mXkxKY1M1RFwlnd6aBcUJR4aGvnkmPGTk7HECHVYs=";

    @Test
    void shouldHashAgainstADummyWhenThereIsNoHash() {
        // given
        Metrics metrics = new Metrics();
        try (HashPool pool = new HashPool(1, 4, TestData.TEST_ITERATIONS, metrics)) {

            // when
            boolean verified = Await.result(pool.verify("guess", null), Duration.ofSeconds(10));

            // then
            assertFalse(verified);
            assertEquals(1, metrics.passwordHashes());
        }
    }

    @Test
    void shouldFailWithTooManyRequestsWhenEveryThreadAndQueueSlotIsTaken() {
        // given: one thread, no queue, busy with a slow hash
        Metrics metrics = new Metrics();
        try (HashPool pool = new HashPool(1, 0, TestData.TEST_ITERATIONS, metrics)) {
            Future<Boolean> busy = pool.verify("12345", SLOW_HASH);
            while (metrics.passwordHashes() == 0) {
                Thread.onSpinWait();
            }

            // when
            Future<Boolean> refused = pool.verify("12345", SLOW_HASH);

            // then
            assertTrue(refused.failed());
            ApiException failure = (ApiException) refused.cause();
            assertEquals(429, failure.status());
            assertEquals(1, failure.retryAfterSeconds());
            assertTrue(Await.result(busy, Duration.ofSeconds(30)));
            assertTrue(metrics.render().contains("gavel_password_hashes_refused_total 1.0\n"));
        }
    }
}
