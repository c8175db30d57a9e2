package dev.gavel.acceptor.auth;

import dev.gavel.acceptor.store.RedisClients;
import dev.gavel.acceptor.store.RedisStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The credential check of every bid once the user's password is cached: parse the Basic header,
 * digest it, look it up. The clock is frozen so the entry never needs revalidating (no Redis here).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CredentialCheckBenchmark {

    private Vertx vertx;
    private BasicAuthenticator authenticator;
    private String header;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        vertx = Vertx.vertx();
        CredentialCache cache = new CredentialCache(10_000);
        RedisStore unusedStore = new RedisStore(RedisClients.create(vertx, "redis://127.0.0.1:1", 1, 1000), 1000);
        authenticator = new BasicAuthenticator(vertx, unusedStore, cache, 5000, () -> 0L);
        header = "Basic " + Base64.getEncoder().encodeToString("bench-user-17:bench-password".getBytes(StandardCharsets.UTF_8));
        String digest = Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(header.getBytes(StandardCharsets.UTF_8)));
        cache.put(digest, new CredentialCache.Entry(new Principal("bench-user-17", Set.of("bidder")), "1", 0L));
        Future<Principal> check = authenticator.authenticate(header);
        if (!check.succeeded()) {
            throw new IllegalStateException("the cached credential was not a cache hit: " + check.cause());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        vertx.close();
    }

    @Benchmark
    public Principal cachedBasicCredentials() {
        return authenticator.authenticate(header).result();
    }
}
