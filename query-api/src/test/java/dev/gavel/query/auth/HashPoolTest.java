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
        String hash = new PasswordHasher(1_000_000).hash("12345");
        CompletableFuture<Boolean> busy = CompletableFuture.supplyAsync(() -> pool.verify(hash, "12345"));
        while (pool.hashes() == 0) {
            Thread.onSpinWait();
        }

        // when
        ApiException refused = assertThrows(ApiException.class, () -> pool.verify(hash, "12345"));

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
