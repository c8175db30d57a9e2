package dev.gavel.acceptor.auth;

import dev.gavel.acceptor.AcceptorConfig;
import dev.gavel.acceptor.AcceptorConfig.ConfigException;
import dev.gavel.contract.TrustedProxies;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The abuse limits and the password-hash pool, read from the same environment variables as query-api's
 * (docs/configuration.md, docs/operations.md "Rate limits").
 */
public record AbuseSettings(
        int userFailures,
        int addressFailures,
        int windowSeconds,
        int verifiedSeconds,
        int trackedKeys,
        List<String> trustedProxies,
        int hashThreads,
        int hashQueue,
        int passwordIterations,
        int failureDelayMs) {

    public static final String USER_FAILURES = "GAVEL_AUTH_USER_FAILURES";
    public static final String ADDRESS_FAILURES = "GAVEL_AUTH_ADDRESS_FAILURES";
    public static final String WINDOW_SECONDS = "GAVEL_AUTH_WINDOW_SECONDS";
    public static final String VERIFIED_SECONDS = "GAVEL_AUTH_VERIFIED_SECONDS";
    public static final String TRACKED_KEYS = "GAVEL_AUTH_TRACKED_KEYS";
    public static final String TRUSTED_PROXIES = "GAVEL_TRUSTED_PROXIES";
    public static final String HASH_THREADS = "GAVEL_HASH_THREADS";
    public static final String HASH_QUEUE = "GAVEL_HASH_QUEUE";
    public static final String PASSWORD_ITERATIONS = "GAVEL_PASSWORD_ITERATIONS";
    public static final String FAILURE_DELAY_MS = "GAVEL_AUTH_FAILURE_DELAY_MS";

    public AbuseSettings {
        trustedProxies = List.copyOf(trustedProxies);
    }

    public static AbuseSettings fromEnvironment(Map<String, String> env) {
        Objects.requireNonNull(env, "env");
        int threads = AcceptorConfig.intValue(env, HASH_THREADS, 0, 0, 1024);
        String proxies = env.getOrDefault(TRUSTED_PROXIES, "");
        List<String> trusted = proxies.isBlank() ? List.of("127.0.0.0/8", "::1")
                : Arrays.stream(proxies.split(",")).map(String::trim).filter(entry -> !entry.isEmpty()).toList();
        try {
            TrustedProxies.parse(trusted);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
        return new AbuseSettings(
                AcceptorConfig.intValue(env, USER_FAILURES, 10, 1, 1_000_000),
                AcceptorConfig.intValue(env, ADDRESS_FAILURES, 50, 1, 1_000_000),
                AcceptorConfig.intValue(env, WINDOW_SECONDS, 60, 1, 86_400),
                AcceptorConfig.intValue(env, VERIFIED_SECONDS, 600, 1, 86_400),
                AcceptorConfig.intValue(env, TRACKED_KEYS, 100_000, 1, 10_000_000),
                trusted,
                threads == 0 ? defaultHashThreads() : threads,
                AcceptorConfig.intValue(env, HASH_QUEUE, 8, 0, 100_000),
                AcceptorConfig.intValue(env, PASSWORD_ITERATIONS, 600_000, 1, 10_000_000),
                AcceptorConfig.intValue(env, FAILURE_DELAY_MS, 500, 0, 5000));
    }

    /**
     * Half the cores (at least one): however many wrong passwords arrive, the slow hash never takes more than
     * half the CPU from the bids of users whose credentials are cached.
     */
    public static int defaultHashThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }
}
