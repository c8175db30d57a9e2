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
        String slowHash = TestData.hash("12345", 1_000_000);
        try (HashPool pool = new HashPool(1, 0, TestData.TEST_ITERATIONS, metrics)) {
            Future<Boolean> busy = pool.verify("12345", slowHash);
            while (metrics.passwordHashes() == 0) {
                Thread.onSpinWait();
            }

            // when
            Future<Boolean> refused = pool.verify("12345", slowHash);

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
