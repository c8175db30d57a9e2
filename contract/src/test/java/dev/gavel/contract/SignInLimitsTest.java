package dev.gavel.contract;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SignInLimitsTest {

    private static final long SECOND = 1_000_000_000L;
    private static final SignInLimits.Settings CONTRACT = new SignInLimits.Settings(10, 50, 60, 600, 100_000);

    private final AtomicLong clock = new AtomicLong(1_000 * SECOND);
    private final List<SignInLimits.Blocked> blocked = new ArrayList<>();

    @Test
    void shouldRefuseAUsernameAfterTenFailuresEvenWithVerifiedCredentials() {
        // given
        SignInLimits limits = limits(CONTRACT);
        limits.verified("digest-of-bob");
        for (int i = 0; i < 10; i++) {
            limits.failed("bob", "10.0.0." + i);
        }

        // when
        clock.addAndGet(20 * SECOND + 1);
        Optional<SignInLimits.Refusal> refusal = limits.check("bob", "10.0.0.99", "digest-of-bob");

        // then: 40 s minus a nanosecond left, rounded up
        assertEquals(Optional.of(new SignInLimits.Refusal(SignInLimits.USERNAME_REFUSED, 40)), refusal);
        assertEquals(Optional.empty(), limits.check("alice", "10.0.0.99", null));
        clock.addAndGet(40 * SECOND);
        assertEquals(Optional.empty(), limits.check("bob", "10.0.0.99", null));
    }

    @Test
    void shouldRefuseAnAddressAfterFiftyFailuresButLetRecentlyVerifiedCredentialsThrough() {
        // given
        SignInLimits limits = limits(CONTRACT);
        limits.verified("signed-in");
        for (int i = 0; i < 50; i++) {
            limits.failed(null, "10.0.0.1");
        }

        // when
        Optional<SignInLimits.Refusal> fresh = limits.check("newcomer", "10.0.0.1", "never-verified");
        Optional<SignInLimits.Refusal> anonymous = limits.check(null, "10.0.0.1", null);
        Optional<SignInLimits.Refusal> known = limits.check("alice", "10.0.0.1", "signed-in");

        // then
        assertEquals(Optional.of(new SignInLimits.Refusal(SignInLimits.ADDRESS_REFUSED, 60)), fresh);
        assertEquals(fresh, anonymous);
        assertEquals(Optional.empty(), known);
        assertEquals(Optional.empty(), limits.check("newcomer", "10.0.0.2", "never-verified"));
    }

    @Test
    void shouldForgetAVerifiedCredentialWhenTheVerifiedWindowHasPassed() {
        // given
        SignInLimits limits = limits(new SignInLimits.Settings(10, 1, 3600, 600, 100));
        limits.verified("signed-in");
        limits.failed(null, "10.0.0.1");

        // when
        clock.addAndGet(599 * SECOND);
        Optional<SignInLimits.Refusal> inside = limits.check("alice", "10.0.0.1", "signed-in");
        clock.addAndGet(SECOND);
        Optional<SignInLimits.Refusal> after = limits.check("alice", "10.0.0.1", "signed-in");

        // then
        assertEquals(Optional.empty(), inside);
        assertEquals(SignInLimits.ADDRESS_REFUSED, after.orElseThrow().message());
    }

    @Test
    void shouldRenewAVerifiedCredentialAtMostEveryTwentiethOfTheWindow() {
        // given: a 20 s verified window, so a success renews the note once a second at most
        SignInLimits limits = limits(new SignInLimits.Settings(10, 1, 3600, 20, 100));
        limits.verified("signed-in");
        limits.failed(null, "10.0.0.1");

        // when: successes every half second for 25 s (a fixed 30 s renewal would keep the first note)
        for (int i = 0; i < 50; i++) {
            clock.addAndGet(SECOND / 2);
            limits.verified("signed-in");
        }

        // then: the last note is under a second old, so the credential still passes for 19 s more
        clock.addAndGet(19 * SECOND);
        assertEquals(Optional.empty(), limits.check("alice", "10.0.0.1", "signed-in"));
        clock.addAndGet(SECOND);
        assertTrue(limits.check("alice", "10.0.0.1", "signed-in").isPresent());
    }

    @Test
    void shouldTellOfEachKeyOnceWhenItGoesOverItsLimit() {
        // given
        SignInLimits limits = limits(new SignInLimits.Settings(2, 3, 60, 600, 100));

        // when
        for (int i = 0; i < 10; i++) {
            limits.failed("bob", "10.0.0.1");
        }

        // then
        assertEquals(List.of(new SignInLimits.Blocked("username 'bob'", 60),
                new SignInLimits.Blocked("address 10.0.0.1", 60)), blocked);
    }

    @Test
    void shouldKeepNoMoreVerifiedCredentialsThanItsBound() {
        // given
        SignInLimits limits = limits(new SignInLimits.Settings(10, 1, 60, 600, 1000));
        limits.failed(null, "10.0.0.1");

        // when
        for (int i = 0; i < 100_000; i++) {
            limits.verified("digest-" + i);
        }

        // then
        long kept = 0;
        for (int i = 0; i < 100_000; i++) {
            if (limits.check("x", "10.0.0.1", "digest-" + i).isEmpty()) {
                kept++;
            }
        }
        assertTrue(kept > 0 && kept <= 1000, "kept " + kept);
    }

    @Test
    void shouldRoundRetryAfterUpAndNeverToZero() {
        assertEquals(1, SignInLimits.Refusal.after("m", 1).retryAfterSeconds());
        assertEquals(1, SignInLimits.Refusal.after("m", SECOND).retryAfterSeconds());
        assertEquals(2, SignInLimits.Refusal.after("m", SECOND + 1).retryAfterSeconds());
    }

    @Test
    void shouldRefuseLimitsThatAreNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> new SignInLimits.Settings(0, 50, 60, 600, 100));
        assertThrows(IllegalArgumentException.class, () -> new SignInLimits.Settings(10, 50, 60, 0, 100));
    }

    private SignInLimits limits(SignInLimits.Settings settings) {
        return new SignInLimits(settings, clock::get, blocked::add);
    }
}
