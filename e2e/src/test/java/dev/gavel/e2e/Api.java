package dev.gavel.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Predicate;

/** A small HTTP client for the API behind nginx, speaking JSON the way the contract does. */
final class Api {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    Api(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    /** Sends with Basic credentials {@code user:password}, or none when null. */
    Reply send(String method, String path, String credentials, String body) {
        return send(method, path, credentials, body, null);
    }

    /** With an Idempotency-Key header unless {@code idempotencyKey} is null. */
    Reply send(String method, String path, String credentials, String body, String idempotencyKey) {
        return sendAuthorized(method, path, credentials == null ? null : "Basic "
                + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)), body, idempotencyKey);
    }

    /** Sends with this Authorization header, or none when null. */
    Reply sendAuthorized(String method, String path, String authorization, String body) {
        return sendAuthorized(method, path, authorization, body, null);
    }

    private Reply sendAuthorized(String method, String path, String authorization, String body, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .method(method, body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.body(), response);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    Reply get(String path) {
        return send("GET", path, null, null);
    }

    /** The contract's bound on how far a derived view (statistics, a user's items, recent items) may lag. */
    static final Duration VISIBILITY = Duration.ofSeconds(1);

    /**
     * GET until the answer shows what {@code visible} expects, for a derived view that may lag a write:
     * polled for the contract's 1 s and some slack for a loaded test machine (5 s). The last answer is
     * returned either way, so the caller's assertion says what was seen.
     */
    Reply awaitGet(String path, Predicate<Reply> visible) {
        long deadline = System.nanoTime() + VISIBILITY.multipliedBy(5).toNanos();
        Reply reply = get(path);
        while (!visible.test(reply) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
            reply = get(path);
        }
        return reply;
    }

    record Reply(int status, String body, HttpResponse<String> response) {

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (HTTP " + status + "): " + body, e);
            }
        }

        Optional<String> header(String name) {
            return response.headers().firstValue(name);
        }

        @Override
        public String toString() {
            return "HTTP " + status + " " + body;
        }
    }
}
