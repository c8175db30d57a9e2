package dev.gavel.acceptor.auth;

import dev.gavel.acceptor.http.ApiException;
import dev.gavel.contract.SignInLimits;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The contract's sign-in limits ({@link SignInLimits}, docs/operations.md "Rate limits") as the acceptor
 * answers them: a refusal is its 429 with Retry-After, and a key going over its limit is one log line.
 * Shared by the event loops; each call holds a lock for a map lookup at most.
 */
public final class AuthThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(AuthThrottle.class);

    private final SignInLimits limits;

    public AuthThrottle(AbuseSettings settings, LongSupplier nanoClock) {
        Objects.requireNonNull(settings, "settings");
        this.limits = new SignInLimits(new SignInLimits.Settings(settings.userFailures(), settings.addressFailures(),
                settings.windowSeconds(), settings.verifiedSeconds(), settings.trackedKeys()), nanoClock,
                blocked -> LOG.warn("too many failed sign-ins for {}: refused with 429 for {} s", blocked.what(),
                        blocked.seconds()));
    }

    /** Null when the attempt may go on; otherwise the 429 to answer. */
    ApiException check(String username, String address, String credentialDigest) {
        return limits.check(username, address, credentialDigest)
                .map(refusal -> ApiException.tooManyRequests(refusal.message(), refusal.retryAfterSeconds()))
                .orElse(null);
    }

    /** A failed authentication: counts against the username (when there is one) and the address. */
    void failed(String username, String address) {
        limits.failed(username, address);
    }

    /** Credentials verified as correct. */
    void verified(String credentialDigest) {
        limits.verified(credentialDigest);
    }
}
