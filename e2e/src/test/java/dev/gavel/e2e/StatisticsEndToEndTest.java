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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Impressions through the acceptor, statistics and recent items through query-api, all behind nginx: the two
 * services agree on the counters and indexes in Redis. It runs on the stack the other demo-stack classes share,
 * so it writes only as users, an item, an SDK version and a platform of its own, named for this run, and reads the
 * global summary as what it added to a total that had stopped moving.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
@ExtendWith(SharedDemoStack.class)
class StatisticsEndToEndTest {

    private static final String ADMIN = "admin:e2e-admin-secret";

    private static Stack stack;
    private static Api api;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void takeStack(Stack shared) {
        stack = shared;
        api = new Api(stack.port());
    }

    @Test
    void shouldCountImpressionsAndBidsAndRankRecentItemsThroughNginx() throws Exception {
        // given: names no other class writes to
        String run = Long.toString(System.currentTimeMillis(), 36);
        String viewer = "stats-v-" + run;
        String rival = "stats-r-" + run;
        String item = "stats-" + run;
        String sdk = "stats-sdk-" + run;
        String platform = "web-" + run;
        String viewerCredentials = viewer + ":viewer-secret";
        String rivalCredentials = rival + ":rival-secret";
        assertEquals(201, api.send("POST", "/users", null,
                "{\"username\": \"" + viewer + "\", \"password\": \"viewer-secret\"}").status());
        assertEquals(201, api.send("POST", "/users", null,
                "{\"username\": \"" + rival + "\", \"password\": \"rival-secret\"}").status());
        Api.Reply created = api.send("POST", "/items", ADMIN, "{\"id\": \"" + item + "\", \"title\": \"Statistics lot\"}");
        assertEquals(201, created.status(), created::toString);
        JsonNode before = settledSummary();

        // when
        Api.Reply viewed = api.send("POST", "/items/" + item + "/impressions?sdk_version=" + sdk + "&platform=" + platform,
                viewerCredentials, null);
        api.send("POST", "/items/" + item + "/impressions?sdk_version=" + sdk, viewerCredentials, null);
        Api.Reply viewerBid = api.send("PUT", "/items/" + item + "/bids?sdk_version=" + sdk, viewerCredentials, null);
        Api.Reply rivalBid = api.send("PUT", "/items/" + item + "/bids", rivalCredentials, null);

        // then: the acceptor's answers
        assertEquals(202, viewed.status(), viewed::toString);
        assertEquals("{\"item\":\"" + item + "\",\"user\":\"" + viewer + "\"}", viewed.body());
        assertEquals(201, viewerBid.status(), viewerBid::toString);
        assertEquals(201, rivalBid.status(), rivalBid::toString);
        String tooLong = "x".repeat(33);
        assertEquals(400, api.send("POST", "/items/" + item + "/impressions?platform=" + tooLong, viewerCredentials, null).status());
        assertEquals(404, api.send("POST", "/items/no-such-item/impressions", viewerCredentials, null).status());

        // then: statistics, derived by the processor within the contract's 1 s
        JsonNode viewerStatistics = api.awaitGet("/statistics?username=" + viewer,
                reply -> reply.status() == 200 && reply.json().path("bids").asLong() == 1
                        && reply.json().path("impressions").asLong() == 2).json();
        assertEquals(2, viewerStatistics.get("impressions").asLong(), viewerStatistics::toString);
        assertEquals(1, viewerStatistics.get("bids").asLong());
        assertEquals(0.5, viewerStatistics.get("conversion").asDouble());
        JsonNode bySdk = api.get("/statistics?sdk=" + sdk).json();
        assertEquals(2, bySdk.get("impressions").asLong(), bySdk::toString);
        assertEquals(1, bySdk.get("bids").asLong());
        assertEquals(1, api.get("/statistics?platform=" + platform).json().get("impressions").asLong());
        assertEquals(2, api.awaitGet("/statistics?item=" + item,
                reply -> reply.status() == 200 && reply.json().path("bids").asLong() == 2).json().get("bids").asLong());
        assertEquals(400, api.get("/statistics?username=" + viewer + "&sdk=" + sdk).status());
        long expectedBids = before.get("bids").asLong() + 2;
        JsonNode summary = api.awaitGet("/statistics/summary",
                reply -> reply.status() == 200 && reply.json().path("bids").asLong() == expectedBids).json();
        assertEquals(expectedBids, summary.get("bids").asLong(), () -> "before: " + before + ", after: " + summary);
        assertTrue(summary.get("bids_last_60s").asLong() >= 2, summary::toString);

        // then: recent items, with HTTP caching through nginx
        HttpResponse<String> recent = get("/users/" + viewer + "/recent-items", null);
        assertEquals(200, recent.statusCode(), recent.body());
        JsonNode items = new Api.Reply(recent.statusCode(), recent.body(), recent).json();
        assertEquals(1, items.size(), items::toString);
        assertEquals(item, items.get(0).get("id").asText(), items::toString);
        List<String> others = new ArrayList<>();
        items.get(0).get("recent").forEach(name -> others.add(name.asText()));
        assertEquals(List.of(rival), others);
        String etag = recent.headers().firstValue("ETag").orElseThrow();
        assertEquals("public, max-age=5", recent.headers().firstValue("Cache-Control").orElse(""));
        HttpResponse<String> notModified = get("/users/" + viewer + "/recent-items", etag);
        assertEquals(304, notModified.statusCode());
        assertEquals("", notModified.body());
        HttpResponse<String> unknown = get("/users/nobody/recent-items", null);
        assertEquals(404, unknown.statusCode());
        assertEquals("{\"error\":\"not_found\",\"message\":\"User with username of 'nobody' was not found\"}", unknown.body());
    }

    /**
     * The summary once the classes before this one have stopped moving it: their last writes may still be on their
     * way through the processor (the contract allows 1 s), and this test counts the two bids it adds on top.
     */
    private static JsonNode settledSummary() throws InterruptedException {
        JsonNode last = api.get("/statistics/summary").json();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            Thread.sleep(1_500);
            JsonNode now = api.get("/statistics/summary").json();
            if (now.get("bids").equals(last.get("bids"))) {
                return now;
            }
            last = now;
        }
        throw new AssertionError("the bids in /statistics/summary kept moving for 30 s: " + last);
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
