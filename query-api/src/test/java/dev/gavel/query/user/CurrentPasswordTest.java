package dev.gavel.query.user;

import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

class CurrentPasswordTest {

    private final TestStack stack = TestStack.get();

    @Test
    void shouldRespondWithForbiddenWhenTheOwnPasswordChangeLacksTheCurrentPassword() {
        // given
        String user = stack.newUser("cur", "12345");

        // when
        Response response = stack.send("PATCH", "/users/" + user, "{\"password\":\"new-pass\"}", TestStack.basic(user, "12345"));

        // then
        assertError(response, 403, "forbidden");
        assertEquals(201, stack.send("POST", "/auth/tokens", null, TestStack.basic(user, "12345")).status());
        assertError(stack.send("POST", "/auth/tokens", null, TestStack.basic(user, "new-pass")), 401, "unauthorized");
    }

    @Test
    void shouldRespondWithForbiddenForAWrongCurrentPasswordWhateverTheCredentials() {
        // given
        String user = stack.newUser("cur", "12345");
        String token = stack.send("POST", "/auth/tokens", null, TestStack.basic(user, "12345")).json().get("token").toString();

        // when
        Response withBasic = stack.send("PATCH", "/users/" + user,
                "{\"password\":\"new-pass\",\"current_password\":\"wrong\"}", TestStack.basic(user, "12345"));
        Response withBearer = stack.send("PATCH", "/users/" + user,
                "{\"password\":\"new-pass\",\"current_password\":\"wrong\"}", "Bearer " + token);

        // then
        assertError(withBasic, 403, "forbidden");
        assertError(withBearer, 403, "forbidden");
        assertEquals(200, stack.send("PATCH", "/users/" + user,
                "{\"password\":\"new-pass\",\"current_password\":\"12345\"}", "Bearer " + token).status());
        assertEquals(201, stack.send("POST", "/auth/tokens", null, TestStack.basic(user, "new-pass")).status());
    }

    @Test
    void shouldLetTheAdminChangeAnotherUsersPasswordWithoutTheirCurrentPassword() {
        // given
        String user = stack.newUser("cur", "12345");

        // when
        Response response = stack.send("PATCH", "/users/" + user, "{\"password\":\"set-by-admin\"}", stack.adminAuth());

        // then
        assertEquals(200, response.status(), response.toString());
        assertEquals(201, stack.send("POST", "/auth/tokens", null, TestStack.basic(user, "set-by-admin")).status());
    }

    @Test
    void shouldRespondWithForbiddenWhenTheAdminChangesTheirOwnPasswordWithoutTheCurrentOne() {
        assertError(stack.send("PATCH", "/users/admin", "{\"password\":\"hijacked-admin\"}", stack.adminAuth()),
                403, "forbidden");
        assertEquals(201, stack.send("POST", "/auth/tokens", null, stack.adminAuth()).status());
    }
}
