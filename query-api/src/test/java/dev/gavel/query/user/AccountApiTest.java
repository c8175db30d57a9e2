package dev.gavel.query.user;

import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.UserHash;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AccountApiTest {

    private final TestStack stack = TestStack.get();

    @Test
    void shouldChangeTheOwnPasswordAndBumpTheMirroredVersion() {
        // given
        String user = stack.newUser("acct", "12345");
        String before = stack.redis().hget(RedisKeys.user(user), UserHash.VERSION);

        // when
        Response response = stack.send("PATCH", "/users/" + user,
                "{\"password\":\"new-pass\",\"current_password\":\"12345\"}", TestStack.basic(user, "12345"));

        // then
        assertEquals(200, response.status(), response.toString());
        assertEquals(user, response.json().get("username"));
        assertFalse(response.body().contains("hash"));
        assertEquals(Long.parseLong(before) + 1, Long.parseLong(stack.redis().hget(RedisKeys.user(user), UserHash.VERSION)));
        assertError(stack.send("PATCH", "/users/" + user, "{\"password\":\"other\"}", TestStack.basic(user, "12345")),
                401, "unauthorized");
        assertEquals(201, stack.send("POST", "/auth/tokens", null, TestStack.basic(user, "new-pass")).status());
    }

    @Test
    void shouldRespondWithForbiddenWhenABidderChangesAnotherUserOrRoles() {
        String alice = stack.newUser("acct", "12345");
        String bob = stack.newUser("acct", "12345");

        assertError(stack.send("PATCH", "/users/" + bob, "{\"password\":\"hijack\"}", TestStack.basic(alice, "12345")),
                403, "forbidden");
        assertError(stack.send("PATCH", "/users/" + alice, "{\"roles\":[\"bidder\",\"admin\"]}", TestStack.basic(alice, "12345")),
                403, "forbidden");
        assertError(stack.send("PATCH", "/users/" + alice, "{\"password\":\"x\"}", null), 401, "unauthorized");
    }

    @Test
    void shouldLetTheAdminGrantRolesAndMirrorThem() {
        // given
        String user = stack.newUser("acct", "12345");

        // when
        Response response = stack.send("PATCH", "/users/" + user, "{\"roles\":[\"issuer\"]}", stack.adminAuth());

        // then
        assertEquals(200, response.status(), response.toString());
        assertEquals(List.of("bidder", "issuer"), response.json().get("roles"));
        assertEquals("bidder,issuer", stack.redis().hget(RedisKeys.user(user), UserHash.ROLES));
        assertEquals("2", stack.redis().hget(RedisKeys.user(user), UserHash.VERSION));
        assertEquals(List.of("bidder", "issuer"), stack.get("/users/" + user).json().get("roles"));
    }

    @Test
    void shouldRespondWithBadRequestForUnknownRolesOrEmptyChanges() {
        String user = stack.newUser("acct", "12345");

        assertError(stack.send("PATCH", "/users/" + user, "{\"roles\":[\"king\"]}", stack.adminAuth()), 400, "bad_request");
        assertError(stack.send("PATCH", "/users/" + user, "{}", stack.adminAuth()), 400, "bad_request");
        assertError(stack.send("PATCH", "/users/" + user, "{\"password\":\"abc\"}", stack.adminAuth()), 400, "bad_request");
        assertError(stack.send("PATCH", "/users/admin", "{\"roles\":[\"bidder\"]}", stack.adminAuth()), 400, "bad_request");
        assertError(stack.send("PATCH", "/users/nobody-" + user, "{\"roles\":[\"bidder\"]}", stack.adminAuth()),
                404, "not_found");
    }

    @Test
    void shouldListUsersInPagesWithoutRepeatsOrGaps() {
        // given
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            mine.add(stack.newUser("list", "12345"));
        }

        // when
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Response page = stack.get("/users?limit=3" + (after == null ? "" : "&after=" + after));
            assertEquals(200, page.status(), page.toString());
            for (Map<String, Object> profile : page.list("users")) {
                assertNull(profile.get("password_hash"));
                seen.add(profile.get("username").toString());
            }
            Object next = page.json().get("next");
            after = next == null ? null : next.toString();
            pages++;
        } while (after != null && pages < 10_000);

        // then
        assertEquals(seen.size(), new HashSet<>(seen).size(), "a user appeared twice");
        assertTrue(seen.containsAll(mine), "a user is missing");
        assertEquals(seen.stream().sorted().toList(), seen);
        assertError(stack.get("/users?after=%21%21"), 400, "bad_request");
        assertError(stack.get("/users?limit=0"), 400, "bad_request");
    }
}
