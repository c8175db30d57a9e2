package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The operators' stream through nginx on a stack with two acceptors: bin/gavel hands query-api both acceptors'
 * addresses (GAVEL_ACCEPTOR_URLS), and bids sent through nginx show up in the rates and the hot items.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class OperationsEndToEndTest {

    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString("admin:e2e-admin-secret".getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Stack stack;
    private static Api api;

    @BeforeAll
    static void startStack() {
        stack = Stack.startWithDemo("-operations", Map.of("GAVEL_ACCEPTORS", "2"));
        api = new Api(stack.port());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldReportBothAcceptorsAndTheBidsSentThroughNginx() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port() + "/live/operations"))
                .header("Authorization", ADMIN).header("Accept", "text/event-stream").GET().build();
        HttpResponse<Stream<String>> response = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines()).get(10, TimeUnit.SECONDS);
        try (Stream<String> lines = response.body()) {
            assertEquals(200, response.statusCode());
            Iterator<String> events = lines.iterator();

            // then: both acceptors, each by its own port, healthy
            JsonNode first = next(events);
            JsonNode acceptors = first.get("acceptors");
            assertEquals(2, acceptors.size(), first::toString);
            assertTrue(acceptors.get(0).get("healthy").asBoolean() && acceptors.get(1).get("healthy").asBoolean(), first::toString);
            assertTrue(!acceptors.get(0).get("instance").equals(acceptors.get(1).get("instance")), first::toString);
            assertTrue(first.get("archive_lag_seconds").isNumber(), first::toString);

            // when: bids on the demo item through nginx
            for (int i = 0; i < 3; i++) {
                assertEquals(201, api.send("PUT", "/items/999/bids", i % 2 == 0 ? "john:12345" : "otto:54321", null).status());
            }

            // then
            await(events, snapshot -> snapshot.get("hot_items").toString().contains("\"item\":\"999\"")
                    && snapshot.get("archive_lag_seconds").isNumber());
        }
    }

    private static void await(Iterator<String> events, Predicate<JsonNode> matches) {
        JsonNode last = null;
        for (int i = 0; i < 8; i++) {
            last = next(events);
            if (matches.test(last)) {
                return;
            }
        }
        throw new AssertionError("no matching snapshot; the last: " + last);
    }

    /** The data of the next {@code operations} event (the test's timeout bounds the wait). */
    private static JsonNode next(Iterator<String> lines) {
        String name = null;
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("event:")) {
                name = line.substring(6).trim();
            } else if (line.startsWith("data:") && "operations".equals(name)) {
                try {
                    return JSON.readTree(line.substring(5).trim());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new AssertionError("the stream ended");
    }
}
