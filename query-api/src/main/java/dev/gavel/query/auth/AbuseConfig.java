package dev.gavel.query.auth;

import io.micronaut.context.annotation.ConfigurationProperties;

import java.util.List;

/**
 * The gavel.abuse.* settings (docs/configuration.md, docs/operations.md "Rate limits"): the contract's
 * authentication and registration limits, whom to believe about the client address, and the bounded
 * pool that runs the slow password hash. The acceptor reads the same environment variables.
 */
@ConfigurationProperties("gavel.abuse")
public class AbuseConfig {

    private int userFailures = 10;
    private int addressFailures = 50;
    private int windowSeconds = 60;
    private int verifiedSeconds = 600;
    private int registrationsPerMinute = 120;
    private int trackedKeys = 100_000;
    private List<String> trustedProxies = List.of("127.0.0.0/8", "::1");
    private int hashThreads = defaultHashThreads();
    private int hashQueue = 8;

    public int getUserFailures() {
        return userFailures;
    }

    public void setUserFailures(int userFailures) {
        this.userFailures = positive("GAVEL_AUTH_USER_FAILURES", userFailures);
    }

    public int getAddressFailures() {
        return addressFailures;
    }

    public void setAddressFailures(int addressFailures) {
        this.addressFailures = positive("GAVEL_AUTH_ADDRESS_FAILURES", addressFailures);
    }

    public int getWindowSeconds() {
        return windowSeconds;
    }

    public void setWindowSeconds(int windowSeconds) {
        this.windowSeconds = positive("GAVEL_AUTH_WINDOW_SECONDS", windowSeconds);
    }

    public int getVerifiedSeconds() {
        return verifiedSeconds;
    }

    public void setVerifiedSeconds(int verifiedSeconds) {
        this.verifiedSeconds = positive("GAVEL_AUTH_VERIFIED_SECONDS", verifiedSeconds);
    }

    public int getRegistrationsPerMinute() {
        return registrationsPerMinute;
    }

    public void setRegistrationsPerMinute(int registrationsPerMinute) {
        this.registrationsPerMinute = positive("GAVEL_REGISTRATIONS_PER_MINUTE", registrationsPerMinute);
    }

    public int getTrackedKeys() {
        return trackedKeys;
    }

    public void setTrackedKeys(int trackedKeys) {
        this.trackedKeys = positive("GAVEL_AUTH_TRACKED_KEYS", trackedKeys);
    }

    public List<String> getTrustedProxies() {
        return trustedProxies;
    }

    public void setTrustedProxies(List<String> trustedProxies) {
        this.trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
    }

    public int getHashThreads() {
        return hashThreads;
    }

    public void setHashThreads(int hashThreads) {
        this.hashThreads = hashThreads == 0 ? defaultHashThreads() : positive("GAVEL_HASH_THREADS", hashThreads);
    }

    public int getHashQueue() {
        return hashQueue;
    }

    public void setHashQueue(int hashQueue) {
        if (hashQueue < 0) {
            throw new IllegalArgumentException("GAVEL_HASH_QUEUE must be 0 or more, got " + hashQueue);
        }
        this.hashQueue = hashQueue;
    }

    /** 0 (the default) means half the cores, at least one: the hash never takes more than half the CPU. */
    private static int defaultHashThreads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    }

    private static int positive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be a positive integer, got " + value);
        }
        return value;
    }
}
