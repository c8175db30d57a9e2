package dev.gavel.query.auth;

import dev.gavel.contract.SlidingWindows;
import dev.gavel.query.error.ApiException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The contract's abuse rules, per instance and in memory (docs/operations.md "Rate limits"): too many
 * failed authentications for one username, or from one client address, and too many registrations from
 * one address, answer 429 with Retry-After until the window has passed. An address over its limit still
 * lets through credentials this instance verified as correct recently, so users already signed in there
 * go on. Every map is bounded by GAVEL_AUTH_TRACKED_KEYS.
 */
@Singleton
public class AuthThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(AuthThrottle.class);

    private final SlidingWindows userFailures;
    private final SlidingWindows addressFailures;
    private final SlidingWindows registrations;
    private final Map<String, Long> verified;
    private final long verifiedNanos;
    private final LongSupplier nanoClock;

    @Inject
    public AuthThrottle(AbuseConfig config) {
        this(config, System::nanoTime);
    }

    AuthThrottle(AbuseConfig config, LongSupplier nanoClock) {
        long window = TimeUnit.SECONDS.toNanos(config.getWindowSeconds());
        int keys = config.getTrackedKeys();
        this.userFailures = new SlidingWindows(config.getUserFailures(), window, keys);
        this.addressFailures = new SlidingWindows(config.getAddressFailures(), window, keys);
        this.registrations = new SlidingWindows(config.getRegistrationsPerMinute(), TimeUnit.MINUTES.toNanos(1), keys);
        this.verifiedNanos = TimeUnit.SECONDS.toNanos(config.getVerifiedSeconds());
        this.verified = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                return size() > keys;
            }
        };
        this.nanoClock = nanoClock;
    }

    /**
     * Before a password is checked: 429 while the username is over its failure limit (even for the right
     * password), or while the address is and these credentials were not verified here recently.
     * {@code credentialDigest} may be null (never verified).
     */
    public void checkAttempt(String username, String address, String credentialDigest) {
        long now = nanoClock.getAsLong();
        long wait = username == null ? 0 : userFailures.blockedFor(username, now);
        if (wait > 0) {
            throw tooMany("too many failed sign-ins for this username; try again later", wait);
        }
        wait = addressFailures.blockedFor(address, now);
        if (wait > 0 && !recentlyVerified(credentialDigest, now)) {
            throw tooMany("too many failed sign-ins from this address; try again later", wait);
        }
    }

    /** A failed authentication: counts against the username (when known) and the address. */
    public void failed(String username, String address) {
        long now = nanoClock.getAsLong();
        if (username != null) {
            logWhenBlocked("username '" + username + "'", userFailures, username, now);
        }
        logWhenBlocked("address " + address, addressFailures, address, now);
    }

    /** One line when a key starts being refused, at most once per window per key: not per request. */
    private static void logWhenBlocked(String what, SlidingWindows windows, String key, long now) {
        boolean before = windows.blockedFor(key, now) > 0;
        long wait = windows.record(key, now);
        if (!before && wait > 0) {
            LOG.warn("too many failed sign-ins for {}: refused with 429 for {} s", what,
                    TimeUnit.NANOSECONDS.toSeconds(wait) + 1);
        }
    }

    /** Credentials just verified as correct: an address over its limit lets them through for a while. */
    public void verified(String credentialDigest) {
        long now = nanoClock.getAsLong();
        synchronized (verified) {
            verified.put(credentialDigest, now);
        }
    }

    /** Counts one registration from the address; 429 when it is over GAVEL_REGISTRATIONS_PER_MINUTE. */
    public void registration(String address) {
        long now = nanoClock.getAsLong();
        long wait = registrations.blockedFor(address, now);
        if (wait == 0) {
            registrations.record(address, now);
            return;
        }
        throw tooMany("too many registrations from this address; try again later", wait);
    }

    private boolean recentlyVerified(String credentialDigest, long now) {
        if (credentialDigest == null) {
            return false;
        }
        Long at;
        synchronized (verified) {
            at = verified.get(credentialDigest);
        }
        return at != null && now - at < verifiedNanos;
    }

    private static ApiException tooMany(String message, long waitNanos) {
        long seconds = Math.max(1, (waitNanos + TimeUnit.SECONDS.toNanos(1) - 1) / TimeUnit.SECONDS.toNanos(1));
        return ApiException.tooManyRequests(message, seconds);
    }
}
