package dev.gavel.acceptor.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "No number of wrong passwords slows the bids of other users": a signed-in user keeps bidding while
 * other connections from the same address guess passwords for other names, with a hash pool of one thread.
 */
class AttackIsolationHttpTest {

    private static final int ATTACKERS = 16;

    @RegisterExtension
    static final AcceptorFixture fixture = AcceptorFixture.withConfig(Map.of(
            AbuseSettings.ADDRESS_FAILURES, "50",
            AbuseSettings.HASH_THREADS, "1",
            AbuseSettings.HASH_QUEUE, "1",
            AbuseSettings.PASSWORD_ITERATIONS, "200000"));

    @Test
    void shouldKeepAcceptingASignedInUsersBidsDuringAPasswordGuessingAttack() throws Exception {
        // given
        fixture.user("bidder", "12345");
        fixture.openItem(TestData.KEYS.item("999"));
        String credentials = TestData.basic("bidder", "12345");
        assertEquals(201, fixture.acceptor().bid("999", null, credentials).statusCode());
        AtomicBoolean attacking = new AtomicBoolean(true);
        AtomicInteger refused = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(ATTACKERS);
        List<Future<?>> attackers = new ArrayList<>();
        for (int i = 0; i < ATTACKERS; i++) {
            attackers.add(pool.submit(() -> {
                while (attacking.get()) {
                    String name = "guess-" + UUID.randomUUID().toString().substring(0, 8);
                    int status = fixture.acceptor().bid("999", null, TestData.basic(name, "wrong")).statusCode();
                    if (status == 401 || status == 429) {
                        refused.incrementAndGet();
                    }
                }
            }));
        }

        // when
        List<Integer> statuses = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                statuses.add(fixture.acceptor().bid("999", null, credentials).statusCode());
            }
        } finally {
            attacking.set(false);
            for (Future<?> attacker : attackers) {
                attacker.get();
            }
            pool.shutdown();
        }

        // then
        assertTrue(statuses.stream().allMatch(status -> status == 201), statuses.toString());
        assertTrue(refused.get() > 0, "the attack never ran");
    }
}
