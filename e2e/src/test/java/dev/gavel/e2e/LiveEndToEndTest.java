package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The live streams and the pages through nginx, on the shared demo stack with two acceptors ({@link SharedDemoStack},
 * one start for this class and the generated client's, to keep the run short): an item stream delivers a bid at once, unbuffered; the operators' stream reports both acceptors
 * (bin/gavel hands query-api their addresses, GAVEL_ACCEPTOR_URLS) and the bids sent; and the auction room and the
 * operators' page pass their scenarios in a real browser.
 */
@Timeout(value = 8, unit = TimeUnit.MINUTES)
@ExtendWith(SharedDemoStack.class)
class LiveEndToEndTest {

    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString("admin:e2e-admin-secret".getBytes(StandardCharsets.UTF_8));
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Stack stack;
    private static Api api;

    @BeforeAll
    static void takeStack(Stack shared) {
        BrowserScenarios.prepare();
        stack = shared;
        api = new Api(stack.port());
    }

    @Test
    void shouldShowLivePricesNoticesExtensionsErrorsAndOperationsInChromium() {
        // when
        BrowserScenarios.Result result = BrowserScenarios.runAll(stack);

        // then
        assertEquals(0, result.exitStatus(), () -> "browser scenarios failed:\n" + result.output() + stack.logs());
        assertTrue(result.output().contains("browser: 6 passed, 0 failed"), result.output());
        assertTrue(Files.isRegularFile(BrowserScenarios.SCREENSHOTS.resolve("auction-room.png")), "no screenshot of the auction room");
        assertTrue(Files.isRegularFile(BrowserScenarios.SCREENSHOTS.resolve("ops.png")), "no screenshot of the operators' page");
    }

    @Test
    void shouldDeliverABidToAnItemStreamSubscriberThroughNginxWithinASecondOfIts201() throws Exception {
        // given: a subscriber of item 999 through nginx
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port() + "/items/999/live"))
                .header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> response = client.send(request, HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            Iterator<String> it = response.body().iterator();
            try {
                while (it.hasNext()) {
                    lines.add(it.next());
                }
            } catch (UncheckedIOException closedByTheTest) {
                lines.add(": ended " + closedByTheTest.getMessage());
            }
        }, "live-e2e-reader");
        reader.setDaemon(true);
        reader.start();

        try {
            // when
            Api.Reply bid = api.send("PUT", "/items/999/bids", "john:12345", "{\"amount\": 3.5}");
            long acceptedAt = System.nanoTime();
            assertEquals(201, bid.status(), bid::toString);
            long seq = bid.json().get("seq").asLong();

            // then: its event arrives unbuffered, with its seq as id
            String id = null;
            String data = null;
            while (data == null) {
                String line = lines.poll(2, TimeUnit.SECONDS);
                assertNotNull(line, "no bid event through nginx within 2 s");
                if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:") && id != null) {
                    data = line.substring(5).trim();
                }
            }
            long delayMs = (System.nanoTime() - acceptedAt) / 1_000_000;
            assertEquals(Long.toString(seq), id);
            assertTrue(data.contains("\"user\":\"john\"") && data.contains("\"amount\":3.5"), data);
            assertTrue(delayMs < 1000, "the bid reached the subscriber " + delayMs + " ms after its 201");
        } finally {
            response.body().close();
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
