package dev.gavel.query.user;

import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

class UsernameCaseTest {

    private final TestStack stack = TestStack.get();

    @Test
    void shouldRespondWithConflictWhenTheNameIsTakenInAnotherCase() {
        // given
        String lower = TestStack.unique("case").toLowerCase(Locale.ROOT);
        assertEquals(201, register(lower).status());

        // when
        Response upper = register(lower.toUpperCase(Locale.ROOT));

        // then
        assertError(upper, 409, "conflict");
        assertError(stack.get("/users/" + lower.toUpperCase(Locale.ROOT)), 404, "not_found");
        assertError(stack.send("POST", "/auth/tokens", null, TestStack.basic(lower.toUpperCase(Locale.ROOT), "12345")),
                401, "unauthorized");
        assertEquals(lower, stack.get("/users/" + lower).json().get("username"));
    }

    @Test
    void shouldRespondWithConflictWhenAdminIsRegisteredInCapitals() {
        assertError(register("Admin"), 409, "conflict");
        assertError(register("ADMIN"), 409, "conflict");
    }

    @Test
    void shouldCreateOnlyOneOfManyConcurrentRegistrationsDifferingInCase() {
        // given
        String base = TestStack.unique("race").toLowerCase(Locale.ROOT);
        List<String> variants = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            StringBuilder name = new StringBuilder(base);
            name.setCharAt(i % 4, Character.toUpperCase(name.charAt(i % 4)));
            variants.add(i < 4 ? name.toString() : i % 2 == 0 ? base.toUpperCase(Locale.ROOT) : base);
        }
        CountDownLatch start = new CountDownLatch(1);

        // when
        List<CompletableFuture<Response>> answers = variants.stream()
                .map(name -> CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return register(name);
                }))
                .toList();
        start.countDown();

        // then
        long created = answers.stream().map(CompletableFuture::join).filter(r -> r.status() == 201).count();
        long conflicts = answers.stream().map(CompletableFuture::join).filter(r -> r.status() == 409).count();
        assertEquals(1, created);
        assertEquals(variants.size() - 1, conflicts);
    }

    private Response register(String username) {
        return stack.postJson("/users", "{\"username\":\"" + username + "\",\"password\":\"12345\"}");
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
