package dev.gavel.query.auth;

import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnknownUserCostTest {

    private final TestStack stack = TestStack.get();

    @Test
    void shouldRunTheSlowHashForAUsernameThatDoesNotExist() {
        // given
        HashPool pool = stack.context().getBean(HashPool.class);
        long before = pool.hashes();

        // when
        assertError(stack.send("POST", "/auth/tokens", null, TestStack.basic(TestStack.unique("ghost"), "12345")),
                401, "unauthorized");

        // then
        assertTrue(pool.hashes() > before, "no hash was computed for the unknown username");
    }
}
