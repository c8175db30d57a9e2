package dev.gavel.contract;

import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The contract's sign-in abuse rule ("Abuse"), in memory per process, the same in every service: too many
 * failed authentications for one username, or from one client address, within the window refuse further
 * attempts until the window has passed. A username over its limit is refused even with the right password;
 * an address over its limit still lets through credentials verified as correct here recently, so users
 * already signed in there go on. Every map is bounded by the tracked-keys setting.
 *
 * <p>Safe for any number of threads. A successful sign-in is on the hot path of both services, so noting it
 * is a map read unless the note is older than a twentieth of the verified window (30 s at most): a
 * credential counts as verified for the window from the note, which is at most that much older than its
 * last success.
 */
public final class SignInLimits {

    public static final String USERNAME_REFUSED = "too many failed sign-ins for this username; try again later";
    public static final String ADDRESS_REFUSED = "too many failed sign-ins from this address; try again later";

    private static final long SECOND = 1_000_000_000L;
    private static final long MAX_REFRESH_NANOS = 30 * SECOND;

    private final SlidingWindows userFailures;
    private final SlidingWindows addressFailures;
    private final Map<String, Long> verified = new ConcurrentHashMap<>();
    private final int maxVerified;
    private final long verifiedNanos;
    private final long refreshNanos;
    private final LongSupplier nanoClock;
    private final Consumer<Blocked> onBlocked;

    /**
     * {@code onBlocked} hears of each key the moment it goes over its limit (once per window per key, never
     * per request), so that a service can log it without logging its hot path.
     */
    public SignInLimits(Settings settings, LongSupplier nanoClock, Consumer<Blocked> onBlocked) {
        Objects.requireNonNull(settings, "settings");
        long window = settings.windowSeconds() * SECOND;
        this.userFailures = new SlidingWindows(settings.userFailures(), window, settings.trackedKeys());
        this.addressFailures = new SlidingWindows(settings.addressFailures(), window, settings.trackedKeys());
        this.maxVerified = settings.trackedKeys();
        this.verifiedNanos = settings.verifiedSeconds() * SECOND;
        this.refreshNanos = Math.min(MAX_REFRESH_NANOS, verifiedNanos / 20);
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.onBlocked = Objects.requireNonNull(onBlocked, "onBlocked");
    }

    /**
     * The limits (CONTRACT "Abuse", defaults 10, 50, 60 s, 600 s): failures per username and per address
     * within {@code windowSeconds}, how long a verified credential passes an address over its limit, and how
     * many keys each map keeps.
     */
    public record Settings(int userFailures, int addressFailures, int windowSeconds, int verifiedSeconds,
                           int trackedKeys) {

        public Settings {
            if (userFailures < 1 || addressFailures < 1 || windowSeconds < 1 || verifiedSeconds < 1 || trackedKeys < 1) {
                throw new IllegalArgumentException("every sign-in limit must be positive");
            }
        }
    }

    /** A refused attempt: the contract's 429 with its one-line message and Retry-After in whole seconds. */
    public record Refusal(String message, long retryAfterSeconds) {

        /** Refused for {@code waitNanos} more. */
        public static Refusal after(String message, long waitNanos) {
            return new Refusal(message, seconds(waitNanos));
        }
    }

    /** A key that has just gone over its limit ({@code username 'bob'}, {@code address 10.0.0.1}), for how long. */
    public record Blocked(String what, long seconds) {
    }

    /**
     * Before a password is checked: a refusal while the username (when there is one) is over its limit, or
     * while the address is and {@code credentialDigest} (null: never verified) was not verified recently.
     */
    public Optional<Refusal> check(String username, String address, String credentialDigest) {
        long now = nanoClock.getAsLong();
        long wait = username == null ? 0 : userFailures.blockedFor(username, now);
        if (wait > 0) {
            return Optional.of(Refusal.after(USERNAME_REFUSED, wait));
        }
        wait = addressFailures.blockedFor(address, now);
        if (wait > 0 && !recentlyVerified(credentialDigest, now)) {
            return Optional.of(Refusal.after(ADDRESS_REFUSED, wait));
        }
        return Optional.empty();
    }

    /** A failed authentication: counts against the username (when there is one) and the address. */
    public void failed(String username, String address) {
        long now = nanoClock.getAsLong();
        if (username != null) {
            count(userFailures, username, "username '" + username + "'", now);
        }
        count(addressFailures, address, "address " + address, now);
    }

    /** Credentials just verified as correct. */
    public void verified(String credentialDigest) {
        long now = nanoClock.getAsLong();
        Long at = verified.get(credentialDigest);
        if (at != null && now - at < refreshNanos) {
            return;
        }
        verified.put(credentialDigest, now);
        if (verified.size() > maxVerified) {
            trim(now);
        }
    }

    private void count(SlidingWindows windows, String key, String what, long now) {
        boolean before = windows.blockedFor(key, now) > 0;
        long wait = windows.record(key, now);
        if (!before && wait > 0) {
            onBlocked.accept(new Blocked(what, seconds(wait)));
        }
    }

    /** Whole seconds, rounded up and never 0, so that a client that waits them is never early. */
    private static long seconds(long nanos) {
        return Math.max(1, (nanos + SECOND - 1) / SECOND);
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
}
