package dev.gavel.query.error;

import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ErrorJsonTest {

    private final TestStack stack = TestStack.get();

    @Test
    void shouldAnswerUnknownRouteWithContractJson() {
        Response response = stack.get("/no/such/thing");

        assertError(response, 404, "not_found");
        assertTrue(response.json().get("message").toString().contains("/no/such/thing"));
    }

    @Test
    void shouldAnswerMalformedJsonWithBadRequest() {
        Response response = stack.postJson("/users", "{\"username\": \"x\", ");

        assertError(response, 400, "bad_request");
    }

    @Test
    void shouldAnswerWrongMethodWithMethodNotAllowed() {
        Response response = stack.send(HttpRequest.newBuilder(stack.uri("/users")).DELETE());

        assertError(response, 405, "method_not_allowed");
    }

    @Test
    void shouldAnswerNonJsonBodyWithUnsupportedMediaType() {
        Response response = stack.send(HttpRequest.newBuilder(stack.uri("/users"))
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("username=john")));

        assertError(response, 415, "unsupported_media_type");
    }

    @Test
    void shouldAnswerOversizedBodyWithPayloadTooLarge() {
        String body = "{\"username\":\"big\",\"password\":\"" + "x".repeat(70_000) + "\"}";

        Response response = stack.postJson("/users", body);

        assertError(response, 413, "payload_too_large");
    }
}
