package dev.gavel.acceptor.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gavel.acceptor.AcceptorConfig;
import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.TestData;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 5,000 certificates from 20 threads across CS and PS: each class numbered exactly 1..k, shares add up. */
class ConcurrentCertificatesHttpTest {

    private static final Map<String, String> CLASS_KEYS = Map.of("CS", TestData.KEYS.shareClass("CS"), "PS", TestData.KEYS.shareClass("PS"));
    private static final int THREADS = 20;
    private static final int PER_THREAD = 250;
    private static final String ISSUER = TestData.basic("issuer", "issuer-pw");

    // These tests check exactness under contention, not latency: a loaded CI machine must not
    // turn slow Redis answers into 503s here (the 503 deadline has its own test).
    @RegisterExtension
    static final AcceptorFixture fixture = AcceptorFixture.withConfig(Map.of(AcceptorConfig.REDIS_TIMEOUT_MS, "15000"));

    @Test
    void shouldNumberEveryClassWithoutGapOrDuplicateUnderConcurrency() throws Exception {
        // given
        fixture.issuer("issuer", "issuer-pw");
        fixture.shareClass(CLASS_KEYS.get("CS"), 2_600_000);
        fixture.shareClass(CLASS_KEYS.get("PS"), 750_000);
        List<Callable<List<Grant>>> issuers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            issuers.add(() -> issueMany(thread));
        }

        // when
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        List<Grant> grants = new ArrayList<>();
        try {
            for (Future<List<Grant>> result : pool.invokeAll(issuers)) {
                grants.addAll(result.get());
            }
        } finally {
            pool.shutdownNow();
        }

        // then
        assertEquals(THREADS * PER_THREAD, grants.size());
        Map<String, TreeSet<Long>> numbers = new TreeMap<>();
        Map<String, Long> shares = new TreeMap<>();
        for (Grant grant : grants) {
            numbers.computeIfAbsent(grant.shareClass(), c -> new TreeSet<>()).add(grant.number());
            shares.merge(grant.shareClass(), grant.amount(), Long::sum);
        }
        for (String shareClass : CLASS_KEYS.keySet()) {
            String key = CLASS_KEYS.get(shareClass);
            long count = grants.stream().filter(g -> g.shareClass().equals(shareClass)).count();
            TreeSet<Long> issued = numbers.get(shareClass);
            assertEquals(count, issued.size(), shareClass + ": a number was handed out twice");
            assertEquals(1L, issued.first());
            assertEquals(count, issued.last(), shareClass + ": a number was skipped");
            assertEquals(Long.toString(count), fixture.probe().text("HGET", key, "certificates"));
            assertEquals(shares.get(shareClass).toString(), fixture.probe().text("HGET", key, "issued"));
            assertEquals(count, fixture.probe().number("LLEN", key + ":certs"));
        }
    }

    private static List<Grant> issueMany(int thread) {
        List<Grant> grants = new ArrayList<>();
        for (int i = 0; i < PER_THREAD; i++) {
            String shareClass = (thread + i) % 3 == 0 ? "PS" : "CS";
            long amount = 1 + (thread * 7L + i) % 50;
            String body = "{\"name\": \"holder " + thread + "\", \"amount\": " + amount + ", \"class\": \"" + shareClass + "\"}";
            HttpResponse<String> response = fixture.acceptor().certificate(body, ISSUER, null);
            assertEquals(201, response.statusCode(), response.body());
            String certId = new JsonObject(response.body()).getString("cert_id");
            grants.add(new Grant(shareClass, Long.parseLong(certId.substring(shareClass.length() + 1)), amount));
        }
        return grants;
    }

    private record Grant(String shareClass, long number, long amount) {
    }
}
