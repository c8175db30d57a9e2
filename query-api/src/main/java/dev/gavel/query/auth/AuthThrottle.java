package dev.gavel.query.auth;

import dev.gavel.contract.SignInLimits;
import dev.gavel.contract.SlidingWindows;
import dev.gavel.query.error.ApiException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The contract's abuse limits as query-api answers them (docs/operations.md "Rate limits"): the sign-in
 * limits every service shares ({@link SignInLimits}), and the registrations per address that only this
 * service takes. A refusal is thrown as the 429 with Retry-After; a key going over its limit is one log line.
 */
@Singleton
public class AuthThrottle {

    private static final Logger LOG = LoggerFactory.getLogger(AuthThrottle.class);
    private static final String REGISTRATIONS_REFUSED = "too many registrations from this address; try again later";

    private final SignInLimits signIns;
    private final SlidingWindows registrations;
    private final LongSupplier nanoClock;

    @Inject
    public AuthThrottle(AbuseConfig config) {
        this(config, System::nanoTime);
    }

    AuthThrottle(AbuseConfig config, LongSupplier nanoClock) {
        this.signIns = new SignInLimits(new SignInLimits.Settings(config.getUserFailures(), config.getAddressFailures(),
                config.getWindowSeconds(), config.getVerifiedSeconds(), config.getTrackedKeys()), nanoClock,
                blocked -> LOG.warn("too many failed sign-ins for {}: refused with 429 for {} s", blocked.what(),
                        blocked.seconds()));
        this.registrations = new SlidingWindows(config.getRegistrationsPerMinute(), TimeUnit.MINUTES.toNanos(1),
                config.getTrackedKeys());
        this.nanoClock = nanoClock;
    }

    /**
     * Before a password is checked: 429 while the username is over its failure limit (even for the right
     * password), or while the address is and these credentials were not verified here recently.
     * {@code credentialDigest} may be null (never verified).
     */
    public void checkAttempt(String username, String address, String credentialDigest) {
        refuse(signIns.check(username, address, credentialDigest));
    }

    /** A failed authentication: counts against the username (when known) and the address. */
    public void failed(String username, String address) {
        signIns.failed(username, address);
    }

    /** Credentials just verified as correct: an address over its limit lets them through for a while. */
    public void verified(String credentialDigest) {
        signIns.verified(credentialDigest);
    }

    /** Counts one registration from the address; 429 when it is over GAVEL_REGISTRATIONS_PER_MINUTE. */
    public void registration(String address) {
        long now = nanoClock.getAsLong();
        long wait = registrations.blockedFor(address, now);
        if (wait == 0) {
            registrations.record(address, now);
            return;
        }
        refuse(Optional.of(SignInLimits.Refusal.after(REGISTRATIONS_REFUSED, wait)));
    }

    private static void refuse(Optional<SignInLimits.Refusal> refusal) {
        if (refusal.isPresent()) {
            throw ApiException.tooManyRequests(refusal.get().message(), refusal.get().retryAfterSeconds());
        }
    }
}
