package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The item live stream through nginx: a bid's event reaches a subscriber at once, not held in a buffer. */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class LiveEndToEndTest {

    private static Stack stack;
    private static Api api;

    @BeforeAll
    static void startStack() {
        stack = Stack.startWithDemo("-live");
        api = new Api(stack.port());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
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
}
