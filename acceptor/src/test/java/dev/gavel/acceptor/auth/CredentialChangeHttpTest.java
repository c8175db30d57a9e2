package dev.gavel.acceptor.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.AcceptorConfig;
import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A password change mirrored into Redis takes effect in the running acceptor within the revalidation interval. */
class CredentialChangeHttpTest {

    @RegisterExtension
    // A short revalidation interval keeps the bound below meaningful on a loaded machine: the
    // change must be seen after one interval, not after the 5 s the contract allows at most.
    static final AcceptorFixture fixture = AcceptorFixture.withConfig(Map.of(AcceptorConfig.AUTH_REVALIDATE_MS, "500"));

    @Test
    void shouldRefuseTheOldPasswordWithinTheRevalidationIntervalAfterAChange() {
        // given
        fixture.flushAll();
        fixture.user("john", "old-password");
        fixture.openItem(TestData.KEYS.item("999"));
        String oldCredentials = TestData.basic("john", "old-password");
        assertEquals(201, fixture.acceptor().bid("999", null, oldCredentials).statusCode());

        // when
        TestData.user(fixture.redis(), "john", "new-password", "2");
        Instant changedAt = Instant.now();
        int status = 201;
        while (status == 201 && Duration.between(changedAt, Instant.now()).toMillis() < 5000) {
            status = fixture.acceptor().bid("999", null, oldCredentials).statusCode();
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        Duration took = Duration.between(changedAt, Instant.now());

        // then
        assertEquals(401, status);
        assertTrue(took.toMillis() < 3000, "old credentials kept working for " + took);
        assertEquals(201, fixture.acceptor().bid("999", null, TestData.basic("john", "new-password")).statusCode());
    }

    @Test
    void shouldAcceptManyConcurrentFirstRequestsOfOneUser() throws Exception {
        // given
        fixture.flushAll();
        fixture.user("otto", "54321");
        fixture.openItem(TestData.KEYS.item("item-1"));
        String credentials = TestData.basic("otto", "54321");

        // when
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> bids = Collections.nCopies(16, () -> fixture.acceptor().bid("item-1", null, credentials).statusCode());
            List<Future<Integer>> results = pool.invokeAll(bids);

            // then
            for (Future<Integer> result : results) {
                assertEquals(201, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
