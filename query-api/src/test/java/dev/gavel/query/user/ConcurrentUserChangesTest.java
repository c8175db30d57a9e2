package dev.gavel.query.user;

import dev.gavel.contract.PasswordHash;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.auth.PasswordHasher;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConcurrentUserChangesTest {

    private static final int PASSWORD_CHANGES = 24;

    private final TestStack stack = TestStack.get();

    @Test
    void shouldApplyEveryConcurrentChangeOfOneUserWithoutLosingAny() throws Exception {
        // given
        String user = stack.newUser("cc", "12345");
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(PASSWORD_CHANGES + 1);
        List<CompletableFuture<Response>> answers = new ArrayList<>();

        // when: the admin sets many passwords while also granting a role, all at once
        try {
            for (int i = 0; i < PASSWORD_CHANGES; i++) {
                String body = "{\"password\":\"pass-" + i + "\"}";
                answers.add(CompletableFuture.supplyAsync(() -> send(start, user, body), pool));
            }
            answers.add(CompletableFuture.supplyAsync(() -> send(start, user, "{\"roles\":[\"issuer\"]}"), pool));
            start.countDown();
            for (CompletableFuture<Response> answer : answers) {
                Response response = answer.join();
                assertEquals(200, response.status(), response.toString());
            }
        } finally {
            pool.shutdownNow();
        }

        // then: each change bumped the version once, the role survived every password change, the mirror agrees
        Map<String, String> mirror = stack.redis().hgetall(RedisKeys.user(user));
        assertEquals(Long.toString(1 + PASSWORD_CHANGES + 1), mirror.get("ver"));
        assertEquals(List.of("bidder", "issuer"), stack.get("/users/" + user).json().get("roles"));
        assertEquals("bidder,issuer", mirror.get("roles"));
        UserDoc stored = stack.context().getBean(UserRepository.class).findByUsername(user).orElseThrow();
        assertEquals(1 + PASSWORD_CHANGES + 1, stored.credVersion());
        assertEquals(stored.passwordHash(), mirror.get("hash"));
        long matching = 0;
        for (int i = 0; i < PASSWORD_CHANGES; i++) {
            matching += PasswordHash.verify("pass-" + i, stored.passwordHash()) ? 1 : 0;
        }
        assertTrue(matching == 1, "the stored password is one of those set");
    }

    private Response send(CountDownLatch start, String user, String body) {
        try {
            start.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return stack.send("PATCH", "/users/" + user, body, stack.adminAuth());
    }
}
