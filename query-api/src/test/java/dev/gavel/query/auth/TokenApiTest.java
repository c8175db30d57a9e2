package dev.gavel.query.auth;

import dev.gavel.contract.golden.GoldenVectors;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenApiTest {

    private final TestStack stack = TestStack.get();

    @Test
    void shouldIssueATokenForBasicCredentials() {
        // given
        String user = stack.newUser("tok", "12345");

        // when
        Response response = stack.send("POST", "/auth/tokens", null, TestStack.basic(user, "12345"));

        // then
        assertEquals(201, response.status(), response.toString());
        Map<String, Object> json = response.json();
        assertEquals(List.of("expires_at", "token"), json.keySet().stream().sorted().toList());
        Instant expires = Instant.parse(json.get("expires_at").toString());
        assertTrue(expires.isAfter(Instant.now().plusSeconds(3500)) && expires.isBefore(Instant.now().plusSeconds(3700)),
                expires.toString());
        assertTrue(json.get("expires_at").toString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z"));
    }

    @Test
    void shouldRefuseWrongCredentialsWithTheMessageOfTheGoldenVectors() {
        // given
        String user = stack.newUser("tok", "12345");
        GoldenVectors.Vector expected = GoldenVectors.load().ofKind("auth-message").stream()
                .filter(vector -> vector.input("refusal").equals("BAD_CREDENTIALS")).findFirst().orElseThrow();

        // when
        Response response = stack.send("POST", "/auth/tokens", null, TestStack.basic(user, "wrong"));

        // then
        assertError(response, 401, expected.expectedText("error"));
        assertEquals(expected.expectedText("message"), response.json().get("message"));
    }

    @Test
    void shouldRespondWithUnauthorizedWithoutOrWithWrongCredentials() {
        String user = stack.newUser("tok", "12345");

        assertError(stack.send("POST", "/auth/tokens", null, null), 401, "unauthorized");
        assertError(stack.send("POST", "/auth/tokens", null, TestStack.basic(user, "wrong")), 401, "unauthorized");
        String token = token(TestStack.basic(user, "12345"));
        assertError(stack.send("POST", "/auth/tokens", null, "Bearer " + token), 401, "unauthorized");
    }

    @Test
    void shouldAcceptAnAdminTokenWhereBasicIsAccepted() {
        // given
        String token = token(stack.adminAuth());

        // when
        Response created = stack.send("POST", "/items", "{\"title\":\"By token\"}", "Bearer " + token);

        // then
        assertEquals(201, created.status(), created.toString());
    }

    @Test
    void shouldRespondWithForbiddenForABidderToken() {
        String user = stack.newUser("tok", "12345");
        String token = token(TestStack.basic(user, "12345"));

        assertError(stack.send("POST", "/items", "{\"title\":\"No\"}", "Bearer " + token), 403, "forbidden");
    }

    @Test
    void shouldRespondWithUnauthorizedForATamperedToken() {
        // given
        String token = token(stack.adminAuth());
        String payload = token.substring(0, token.indexOf('.'));
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(
                new String(Base64.getUrlDecoder().decode(payload)).replace("admin:", "admim:").getBytes())
                + token.substring(token.indexOf('.'));
        // A character in the middle of the MAC carries six significant bits; the last one also
        // carries unused padding bits, and changing only those would leave the MAC valid.
        int middle = token.indexOf('.') + (token.length() - token.indexOf('.')) / 2;
        String badMac = token.substring(0, middle) + (token.charAt(middle) == 'A' ? 'Q' : 'A') + token.substring(middle + 1);

        // when / then
        assertError(stack.send("POST", "/items", "{\"title\":\"x\"}", "Bearer " + forged), 401, "unauthorized");
        assertError(stack.send("POST", "/items", "{\"title\":\"x\"}", "Bearer " + badMac), 401, "unauthorized");
        assertError(stack.send("POST", "/items", "{\"title\":\"x\"}", "Bearer nonsense"), 401, "unauthorized");
    }

    @Test
    void shouldRefuseAnExpiredTokenAndOneSignedWithAnotherSecret() {
        // given
        Principal admin = new Principal("admin", List.of("bidder", "issuer", "admin"), 1);
        Clock past = Clock.fixed(Instant.now().minusSeconds(7200), ZoneOffset.UTC);
        String expired = new TokenService(TestStack.TOKEN_SECRET, 3600, past).issue(admin).token();
        String foreign = new TokenService("another-secret", 3600, Clock.systemUTC()).issue(admin).token();
        TokenService tokens = new TokenService(TestStack.TOKEN_SECRET, 3600, Clock.systemUTC());

        // when / then
        assertTrue(tokens.verify(expired).isEmpty());
        assertTrue(tokens.verify(foreign).isEmpty());
        assertTrue(tokens.verify(tokens.issue(admin).token()).isPresent());
        assertError(stack.send("POST", "/items", "{\"title\":\"x\"}", "Bearer " + expired), 401, "unauthorized");
    }

    @Test
    void shouldRevokeOlderTokensWhenThePasswordChanges() {
        // given
        String user = stack.newUser("tok", "12345");
        String token = token(TestStack.basic(user, "12345"));
        assertEquals(200, stack.send("PATCH", "/users/" + user, "{\"password\":\"23456\",\"current_password\":\"12345\"}",
                "Bearer " + token).status());

        // when
        Response response = stack.send("PATCH", "/users/" + user, "{\"password\":\"34567\",\"current_password\":\"23456\"}",
                "Bearer " + token);

        // then
        assertError(response, 401, "unauthorized");
        assertEquals(201, stack.send("POST", "/auth/tokens", null, TestStack.basic(user, "23456")).status());
    }

    private String token(String basic) {
        Response response = stack.send("POST", "/auth/tokens", null, basic);
        assertEquals(201, response.status(), response.toString());
        return response.json().get("token").toString();
    }
}
