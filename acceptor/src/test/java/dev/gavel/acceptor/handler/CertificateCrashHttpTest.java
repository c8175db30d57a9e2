package dev.gavel.acceptor.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.RedisProbe;
import dev.gavel.acceptor.support.TestData;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Response;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * kill -9 of Redis while certificates are being issued: every number a client received survives,
 * and the numbering goes on after the restart with no gap and no duplicate.
 */
class CertificateCrashHttpTest {

    private static final String CS_KEY = TestData.KEYS.shareClass("CS");
    private static final String ISSUER = TestData.basic("issuer", "issuer-pw");
    private static final int THREADS = 8;
    private static final int BEFORE_CRASH = 300;
    private static final int AFTER_RESTART = 300;

    /** Its own Redis per test: the test kills it. */
    @RegisterExtension
    final AcceptorFixture fixture = AcceptorFixture.withConfig(Map.of("GAVEL_REDIS_TIMEOUT_MS", "500"));

    @BeforeEach
    void seed() {
        fixture.issuer("issuer", "issuer-pw");
        fixture.shareClass(CS_KEY, 2_600_000);
    }

    @Test
    void shouldKeepEveryAcknowledgedCertificateAndNumberOnWithoutGapsAcrossAKill() throws Exception {
        // given
        Map<Long, Long> acknowledged = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> issuers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            issuers.add(pool.submit(() -> issueUntilStopped(thread, running, acknowledged, refused)));
        }

        // when: Redis dies under load, then comes back
        try {
            await(() -> acknowledged.size() >= BEFORE_CRASH, "grants before the crash");
            fixture.redis().kill();
            int atCrash = acknowledged.size();
            await(() -> refused.get() >= THREADS, "refusals while Redis is down");
            fixture.redis().start();
            await(() -> acknowledged.size() >= atCrash + AFTER_RESTART, "grants after the restart");
        } finally {
            running.set(false);
            for (Future<?> issuer : issuers) {
                issuer.get();
            }
            pool.shutdownNow();
        }

        // then
        try (RedisProbe probe = new RedisProbe(fixture.redis().uri())) {
            long count = Long.parseLong(probe.text("HGET", CS_KEY, "certificates"));
            List<JsonObject> records = new ArrayList<>();
            for (Response entry : probe.call("LRANGE", CS_KEY + ":certs", "0", "-1")) {
                records.add(new JsonObject(entry.toString()));
            }
            assertEquals(count, records.size());
            long shares = 0;
            for (int i = 0; i < records.size(); i++) {
                assertEquals(Integer.toString(i + 1), records.get(i).getString("number"), "gap or duplicate at " + i);
                shares += Long.parseLong(records.get(i).getString("amount"));
            }
            assertEquals(Long.toString(shares), probe.text("HGET", CS_KEY, "issued"));
            for (Map.Entry<Long, Long> grant : acknowledged.entrySet()) {
                assertTrue(grant.getKey() <= count, "acknowledged CS-" + grant.getKey() + " was lost");
                assertEquals(grant.getValue().toString(),
                        records.get((int) (grant.getKey() - 1)).getString("amount"), "CS-" + grant.getKey());
            }
            assertTrue(count >= BEFORE_CRASH + AFTER_RESTART);
            assertEquals(count, probe.number("XLEN", TestData.KEYS.eventsOf("CS")));
        }
    }

    private void issueUntilStopped(int thread, AtomicBoolean running, Map<Long, Long> acknowledged,
                                   AtomicInteger refused) {
        for (int i = 0; running.get(); i++) {
            long amount = 1 + (thread + i) % 9;
            try {
                HttpResponse<String> response = fixture.acceptor().certificate(
                        "{\"name\": \"holder " + thread + "\", \"amount\": " + amount + ", \"class\": \"CS\"}", ISSUER, null);
                if (response.statusCode() == 201) {
                    String certId = new JsonObject(response.body()).getString("cert_id");
                    Long previous = acknowledged.put(Long.parseLong(certId.substring(3)), amount);
                    assertEquals(null, previous, "a number was handed out twice: " + certId);
                } else {
                    // 504: in flight when Redis died, outcome unknown (no key here, so it is not retried)
                    assertTrue(Set.of(503, 504, 401).contains(response.statusCode()), response.body());
                    refused.incrementAndGet();
                }
            } catch (UncheckedIOException e) {
                refused.incrementAndGet();
            }
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (!condition.getAsBoolean()) {
            assertTrue(Instant.now().isBefore(deadline), "timed out waiting for " + what);
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
