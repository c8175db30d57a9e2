package dev.gavel.query.auth;

import dev.gavel.contract.golden.GoldenVectors;
import dev.gavel.query.error.ApiException;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class HashPoolTest {

    /**
     * "12345" under 1,000,000 iterations, worked out once: hashing it in the test cost as much again as the check
     * that keeps the pool busy. The busy check's {@code true} proves it is the right hash.
     */
    private static final String SLOW_HASH = "pbkdf2_sha256$1000000$Z2F2ZWwtc2xvdy1oYXNoIQ==$S3mXkxKY1M1RFwlnd6aBcUJR4aGvnkmPGTk7HECHVYs=";

    @Test
    void shouldHashAgainstADummyWhenTheUserDoesNotExist() {
        // given
        HashPool pool = new HashPool(new PasswordHasher(1000), config(1, 4));

        // when
        boolean verified = pool.verify(null, "guess");

        // then
        assertFalse(verified);
        assertEquals(1, pool.hashes());
    }

    @Test
    void shouldVerifyPasswordsAsTheGoldenVectorsSay() {
        // given
        HashPool pool = new HashPool(new PasswordHasher(1000), config(1, 4));

        for (GoldenVectors.Vector vector : GoldenVectors.load().ofKind("password-verify")) {
            // when
            boolean verified = pool.verify(vector.input("hash"), vector.input("password"));

            // then
            assertEquals(vector.expectedFlag("verifies"), verified, vector.describe());
        }
    }

    @Test
    void shouldRespondWithTooManyRequestsWhenEveryThreadAndQueueSlotIsTaken() throws Exception {
        // given: one thread, no queue, busy with a slow hash
        PasswordHasher slow = new PasswordHasher(1_000_000);
        HashPool pool = new HashPool(slow, config(1, 0));
        CompletableFuture<Boolean> busy = CompletableFuture.supplyAsync(() -> pool.verify(SLOW_HASH, "12345"));
        while (pool.hashes() == 0) {
            Thread.onSpinWait();
        }

        // when
        ApiException refused = assertThrows(ApiException.class, () -> pool.verify(SLOW_HASH, "12345"));

        // then
        assertEquals(429, refused.status().getCode());
        assertEquals("1", refused.headers().get("Retry-After"));
        assertTrue(busy.get());
        pool.close();
    }

    private static AbuseConfig config(int threads, int queue) {
        AbuseConfig config = new AbuseConfig();
        config.setHashThreads(threads);
        config.setHashQueue(queue);
        return config;
    }
}
