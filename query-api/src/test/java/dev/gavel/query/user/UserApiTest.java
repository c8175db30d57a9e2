package dev.gavel.query.user;

import dev.gavel.contract.PasswordHash;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.auth.PasswordHasher;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UserApiTest {

    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z";

    private final TestStack stack = TestStack.get();

    @Test
    void shouldRegisterUserAndMirrorCredentialsToRedis() {
        String username = TestStack.unique("john");

        Response response = register(username, "12345");

        assertEquals(201, response.status(), response.toString());
        Map<String, Object> json = response.json();
        assertEquals(List.of("created_at", "id", "username"), json.keySet().stream().sorted().toList());
        assertEquals(username, json.get("username"));
        assertTrue(json.get("created_at").toString().matches(TIME), json.toString());
        Map<String, String> mirror = stack.redis().hgetall(RedisKeys.user(username));
        assertEquals(json.get("id"), mirror.get("id"));
        assertEquals("bidder", mirror.get("roles"));
        assertEquals("1", mirror.get("ver"));
        assertTrue(PasswordHash.verify("12345", mirror.get("hash")));
        assertTrue(mirror.get("hash").startsWith("pbkdf2_sha256$1000$"));
        assertTrue(Long.parseLong(mirror.get("created_at_us")) > 0);
    }

    @Test
    void shouldRespondWithConflictWhenUsernameIsTaken() {
        String username = stack.newUser("taken", "12345");

        Response response = register(username, "54321");

        assertError(response, 409, "conflict");
        assertEquals("username '" + username + "' is taken", response.json().get("message"));
    }

    @Test
    void shouldRespondWithBadRequestForInvalidUsernameOrPassword() {
        assertError(register("no spaces", "12345"), 400, "bad_request");
        assertError(register("x".repeat(33), "12345"), 400, "bad_request");
        assertError(register("ok", "1234"), 400, "bad_request");
        assertError(register("ok", "x".repeat(129)), 400, "bad_request");
        assertError(stack.postJson("/users", "{\"password\":\"12345\"}"), 400, "bad_request");
        assertError(stack.postJson("/users", "[]"), 400, "bad_request");
    }

    @Test
    void shouldReturnProfileWithRolesAndNeverTheHash() {
        String username = stack.newUser("otto", "54321");

        Response response = stack.get("/users/" + username);

        assertEquals(200, response.status(), response.toString());
        Map<String, Object> json = response.json();
        assertEquals(List.of("created_at", "id", "roles", "username"), json.keySet().stream().sorted().toList());
        assertEquals(List.of("bidder"), json.get("roles"));
        assertFalse(response.body().contains("pbkdf2"));
    }

    @Test
    void shouldRespondWithNotFoundForUnknownUser() {
        assertError(stack.get("/users/" + TestStack.unique("nobody")), 404, "not_found");
        assertError(stack.get("/users/bad%20name"), 404, "not_found");
    }

    private Response register(String username, String password) {
        return stack.postJson("/users", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
    }
}
