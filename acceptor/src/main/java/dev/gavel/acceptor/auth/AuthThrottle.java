package dev.gavel.acceptor.auth;

import dev.gavel.acceptor.http.ApiException;
import dev.gavel.contract.SlidingWindows;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract's abuse rules, per process and in memory (docs/operations.md "Rate limits"): too many
 * failed authentications for one username, or from one client address, answer 429 with Retry-After until
 * the window has passed. An address over its limit still lets through credentials verified as correct
 * here recently, so users already signed in there go on. Every map is bounded (GAVEL_AUTH_TRACKED_KEYS).
 * Shared by the event loops; each call holds a lock for a map lookup at most.
 */
public final class AuthThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(AuthThrottle.class);

    private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final SlidingWindows userFailures;
    private final SlidingWindows addressFailures;
    private final Map<String, Long> verified = new ConcurrentHashMap<>();
    private final int maxVerified;
    private final long verifiedNanos;
    private final LongSupplier nanoClock;

    public AuthThrottle(AbuseSettings settings, LongSupplier nanoClock) {
        Objects.requireNonNull(settings, "settings");
        long window = TimeUnit.SECONDS.toNanos(settings.windowSeconds());
        this.userFailures = new SlidingWindows(settings.userFailures(), window, settings.trackedKeys());
        this.addressFailures = new SlidingWindows(settings.addressFailures(), window, settings.trackedKeys());
        this.maxVerified = settings.trackedKeys();
        this.verifiedNanos = TimeUnit.SECONDS.toNanos(settings.verifiedSeconds());
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    }

    /**
     * Null when the attempt may go on; otherwise the 429 to answer: the username is over its failure limit
     * (even for the right password), or the address is and these credentials were not verified recently.
     */
    ApiException check(String username, String address, String credentialDigest) {
        long now = nanoClock.getAsLong();
        long wait = userFailures.blockedFor(username, now);
        if (wait > 0) {
            return tooMany("too many failed sign-ins for this username; try again later", wait);
        }
        wait = addressFailures.blockedFor(address, now);
        if (wait > 0 && !recentlyVerified(credentialDigest, now)) {
            return tooMany("too many failed sign-ins from this address; try again later", wait);
        }
        return null;
    }

    /** A failed authentication: counts against the username (when there is one) and the address. */
    void failed(String username, String address) {
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

    /** Credentials verified as correct; written at most every 30 s per credential, so the hot path stays a read. */
    void verified(String credentialDigest) {
        long now = nanoClock.getAsLong();
        Long at = verified.get(credentialDigest);
        if (at != null && now - at < REFRESH_NANOS) {
            return;
        }
        verified.put(credentialDigest, now);
        if (verified.size() > maxVerified) {
            trim(now);
        }
    }

    private boolean recentlyVerified(String credentialDigest, long now) {
        Long at = credentialDigest == null ? null : verified.get(credentialDigest);
        return at != null && now - at < verifiedNanos;
    }

    /** Drops what has expired, then, if still too many, any entries until a tenth is free. */
    private synchronized void trim(long now) {
        verified.values().removeIf(at -> now - at >= verifiedNanos);
        Iterator<String> keys = verified.keySet().iterator();
        while (verified.size() > maxVerified * 9L / 10 && keys.hasNext()) {
            keys.next();
            keys.remove();
        }
    }

    private static ApiException tooMany(String message, long waitNanos) {
        long second = TimeUnit.SECONDS.toNanos(1);
        return ApiException.tooManyRequests(message, Math.max(1, (waitNanos + second - 1) / second));
    }
}
