package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Impressions through the acceptor, statistics and recent items through query-api, all behind
 * nginx on a stack of its own: the two services agree on the counters and indexes in Redis.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class StatisticsEndToEndTest {

    private static final String JOHN = "john:12345";
    private static final String OTTO = "otto:54321";

    private static Stack stack;
    private static Api api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void startStack() {
        stack = Stack.startWithDemo("-statistics");
        api = new Api(stack.port());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldCountImpressionsAndBidsAndRankRecentItemsThroughNginx() throws Exception {
        // when
        Api.Reply viewed = api.send("POST", "/items/999/impressions?sdk_version=e2e-1.0&platform=web", JOHN, null);
        api.send("POST", "/items/999/impressions?sdk_version=e2e-1.0", JOHN, null);
        Api.Reply johnBid = api.send("PUT", "/items/999/bids?sdk_version=e2e-1.0", JOHN, null);
        Api.Reply ottoBid = api.send("PUT", "/items/999/bids", OTTO, null);

        // then: the acceptor's answers
        assertEquals(202, viewed.status(), viewed::toString);
        assertEquals("{\"item\":\"999\",\"user\":\"john\"}", viewed.body());
        assertEquals(201, johnBid.status(), johnBid::toString);
        assertEquals(201, ottoBid.status(), ottoBid::toString);
        assertEquals(400, api.send("POST", "/items/999/impressions?platform=" + "x".repeat(33), JOHN, null).status());
        assertEquals(404, api.send("POST", "/items/no-such-item/impressions", JOHN, null).status());

        // then: statistics, derived by the processor within the contract's 1 s
        JsonNode john = api.awaitGet("/statistics?username=john",
                reply -> reply.status() == 200 && reply.json().path("bids").asLong() == 1
                        && reply.json().path("impressions").asLong() == 2).json();
        assertEquals(2, john.get("impressions").asLong(), john::toString);
        assertEquals(1, john.get("bids").asLong());
        assertEquals(0.5, john.get("conversion").asDouble());
        JsonNode sdk = api.get("/statistics?sdk=e2e-1.0").json();
        assertEquals(2, sdk.get("impressions").asLong(), sdk::toString);
        assertEquals(1, sdk.get("bids").asLong());
        assertEquals(1, api.get("/statistics?platform=web").json().get("impressions").asLong());
        assertEquals(2, api.awaitGet("/statistics?item=999",
                reply -> reply.status() == 200 && reply.json().path("bids").asLong() == 2).json().get("bids").asLong());
        assertEquals(400, api.get("/statistics?username=john&sdk=e2e-1.0").status());
        JsonNode summary = api.get("/statistics/summary").json();
        assertEquals(2, summary.get("bids").asLong(), summary::toString);
        assertEquals(2, summary.get("bids_last_60s").asLong(), summary::toString);

        // then: recent items, with HTTP caching through nginx
        HttpResponse<String> recent = get("/users/john/recent-items", null);
        assertEquals(200, recent.statusCode(), recent.body());
        JsonNode items = new Api.Reply(recent.statusCode(), recent.body(), recent).json();
        assertEquals(1, items.size(), items::toString);
        assertEquals("999", items.get(0).get("id").asText(), items::toString);
        List<String> others = new ArrayList<>();
        items.get(0).get("recent").forEach(name -> others.add(name.asText()));
        assertEquals(List.of("otto"), others);
        String etag = recent.headers().firstValue("ETag").orElseThrow();
        assertEquals("public, max-age=5", recent.headers().firstValue("Cache-Control").orElse(""));
        HttpResponse<String> notModified = get("/users/john/recent-items", etag);
        assertEquals(304, notModified.statusCode());
        assertEquals("", notModified.body());
        HttpResponse<String> unknown = get("/users/nobody/recent-items", null);
        assertEquals(404, unknown.statusCode());
        assertEquals("{\"error\":\"not_found\",\"message\":\"User with username of 'nobody' was not found\"}", unknown.body());
    }

    private HttpResponse<String> get(String path, String ifNoneMatch) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.port() + path))
                .timeout(Duration.ofSeconds(20)).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
