package dev.gavel.acceptor.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CredentialCacheTest {

    private static final CredentialCache.Entry JOHN = new CredentialCache.Entry(new Principal("john", Set.of("bidder")), "1", 0L);

    @Test
    void shouldRunOneVerificationForConcurrentMissesOfTheSameDigest() {
        // given
        CredentialCache cache = new CredentialCache(10);
        AtomicInteger verifications = new AtomicInteger();
        Promise<CredentialCache.Entry> verification = Promise.promise();

        // when
        Future<CredentialCache.Entry> first = cache.singleFlight("d", () -> {
            verifications.incrementAndGet();
            return verification.future();
        });
        Future<CredentialCache.Entry> second = cache.singleFlight("d", () -> {
            verifications.incrementAndGet();
            return Future.succeededFuture(JOHN);
        });
        verification.complete(JOHN);

        // then
        assertEquals(1, verifications.get());
        assertSame(JOHN, first.result());
        assertSame(JOHN, second.result());
    }

    @Test
    void shouldVerifyAgainOnceTheSharedVerificationIsOver() {
        // given
        CredentialCache cache = new CredentialCache(10);
        AtomicInteger verifications = new AtomicInteger();
        cache.singleFlight("d", () -> {
            verifications.incrementAndGet();
            return Future.failedFuture(new IllegalStateException("wrong password"));
        });

        // when
        Future<CredentialCache.Entry> again = cache.singleFlight("d", () -> {
            verifications.incrementAndGet();
            return Future.succeededFuture(JOHN);
        });

        // then
        assertEquals(2, verifications.get());
        assertTrue(again.succeeded());
    }

    @Test
    void shouldKeepAtMostTheConfiguredNumberOfEntries() {
        // given
        CredentialCache cache = new CredentialCache(3);

        // when
        for (int i = 0; i < 10; i++) {
            cache.put("digest-" + i, JOHN);
        }

        // then
        assertEquals(3, cache.size());
        assertSame(JOHN, cache.get("digest-9"));
    }
}
