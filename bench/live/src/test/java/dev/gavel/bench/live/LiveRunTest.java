package dev.gavel.bench.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tool end to end against a small SSE server of this test on 127.0.0.1 (one event loop): PUT
 * /items/{item}/bids answers 201 with the item's next seq and sends the bid event to the item's open
 * streams; the streams of item "gone" are closed by the server at their first bid, as a server drops
 * a subscriber; item "lag"'s events leave 300 ms after the 201, as from a server behind on its streams.
 */
class LiveRunTest {

    private static final Pattern LIVE = Pattern.compile("/items/([^/]+)/live");
    private static final Pattern BIDS = Pattern.compile("/items/([^/]+)/bids");

    private Vertx vertx;
    private HttpServer server;
    private final Map<String, List<HttpServerResponse>> streams = new HashMap<>();
    private final Map<String, Long> seqs = new HashMap<>();
    private final Map<HttpServerResponse, Integer> flooded = new HashMap<>();
    private int stuckClosed;

    private static final long LAG_MS = 300;
    private static final long FLOOD_BYTES = 8L * 1024 * 1024;
    private static final String FLOOD_CHUNK = ": " + "x".repeat(32 * 1024) + "\n\n";

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        server = vertx.createHttpServer().requestHandler(request -> {
            Matcher live = LIVE.matcher(request.path());
            Matcher bids = BIDS.matcher(request.path());
            if (live.matches() && live.group(1).equals("missing")) {
                request.response().setStatusCode(404).end("{\"error\":\"not_found\"}");
            } else if (live.matches()) {
                HttpServerResponse response = request.response().setChunked(true).putHeader("Content-Type", "text/event-stream");
                response.write(": keepalive\n\n");
                streams.computeIfAbsent(live.group(1), i -> new ArrayList<>()).add(response);
                if (live.group(1).equals("flood")) {
                    flooded.put(response, 0);
                    pump(response, new long[1]);
                }
            } else if (bids.matches() && request.getHeader("Authorization") != null) {
                request.body().onSuccess(body -> bid(request.response(), bids.group(1)));
            } else if (request.path().equals("/users")) {
                request.response().setStatusCode(409).end();
            } else {
                request.response().setStatusCode(404).end();
            }
        }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.setPeriodic(500, id -> dropStuckStreams());
    }

    /** A bid: 201 with the item's next seq, and its event to the item's streams ("gone"'s are closed instead). */
    private void bid(HttpServerResponse response, String item) {
        long seq = seqs.merge(item, 1L, Long::sum);
        response.setStatusCode(201).end("{\"item\":\"" + item + "\",\"user\":\"prober\",\"seq\":" + seq + "}");
        String event = "event: bid\nid: " + seq + "\ndata: {\"seq\":" + seq + ",\"user\":\"prober\",\"amount\":1.0}\n\n";
        if (item.equals("lag")) {
            vertx.setTimer(LAG_MS, id -> streams.getOrDefault(item, List.of()).forEach(stream -> stream.write(event)));
            return;
        }
        for (HttpServerResponse stream : streams.getOrDefault(item, List.of())) {
            if (item.equals("gone")) {
                stream.reset();
            } else {
                stream.write(event);
            }
        }
        if (item.equals("gone")) {
            streams.remove(item);
        }
    }

    /** Writes FLOOD_BYTES of comment lines to a "flood" stream as fast as it takes them (until its write queue is full). */
    private void pump(HttpServerResponse response, long[] sent) {
        while (!response.writeQueueFull() && sent[0] < FLOOD_BYTES) {
            response.write(FLOOD_CHUNK);
            sent[0] += FLOOD_CHUNK.length();
        }
        if (sent[0] < FLOOD_BYTES) {
            response.drainHandler(v -> pump(response, sent));
        }
    }

    /** A "flood" stream whose write queue has stayed full for 5 s is closed, as the server closes a subscriber that does not read. */
    private void dropStuckStreams() {
        for (Map.Entry<HttpServerResponse, Integer> e : new ArrayList<>(flooded.entrySet())) {
            int full = e.getKey().writeQueueFull() ? e.getValue() + 1 : 0;
            if (full >= 10) {
                flooded.remove(e.getKey());
                stuckClosed++;
                e.getKey().reset();
            } else {
                flooded.put(e.getKey(), full);
            }
        }
    }

    @AfterEach
    void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void measuresEveryDeliveryAndCountsDropsApart() throws Exception {
        String url = "http://127.0.0.1:" + server.actualPort();
        Path out = dir.resolve("live.json");
        Path ready = dir.resolve("ready");
        LiveOptions options = LiveOptions.parse("--stream-url", url, "--bid-url", url, "--items", "a,b,gone", "--subscribers", "300",
                "--ramp-per-second", "2000", "--settle-seconds", "0", "--duration", "2", "--probe-rate", "15", "--grace-seconds", "1",
                "--user", "prober:secret", "--create-user", "--out", out.toString(), "--ready", ready.toString(),
                "--server-pid", Long.toString(ProcessHandle.current().pid()));
        LiveReport report = new LiveRun(options).run();

        String json = report.toJson();
        assertTrue(Files.exists(ready));
        assertEquals(300, report.subscribersConnected(), json);
        // 30 probe turns; on a loaded machine a turn may find 16 probes unanswered and be skipped, never queued.
        assertEquals(30, report.probesSent() + report.probesSkipped(), json);
        assertTrue(report.probesSent() >= 10, json);
        assertEquals(report.probesSent(), report.probesAccepted(), json);
        // The streams of "gone" were dropped at their item's first probe; each probe on a or b reaches that item's 100 streams.
        assertEquals(100, report.drops(), json);
        assertTrue(report.deliveriesExpected() > 0 && report.deliveriesExpected() % 100 == 0, json);
        assertEquals(report.deliveriesExpected(), report.deliveriesMeasured(), json);
        assertEquals(0, report.missingDeliveries(), json);
        assertEquals(0, report.duplicates(), json);
        assertEquals(0, report.unmatched(), json);
        assertTrue(report.delayP99Us() < 1_000_000, "p99 " + report.delayP99Us() + " us");
        assertTrue(report.serverRssBeforeKib() > 0 && report.serverRssAfterKib() > 0);
        assertTrue(report.toJson().contains("\"missing_deliveries\" : 0"), report.toJson());
    }

    @Test
    void streamsAnsweredWithAnErrorOrNeverConnectedCountAsFailedAndTheOthersAreMeasured() throws Exception {
        String url = "http://127.0.0.1:" + server.actualPort();
        LiveOptions options = LiveOptions.parse("--stream-url", url, "--bid-url", url, "--items", "a,missing", "--subscribers", "20",
                "--settle-seconds", "0", "--duration", "1", "--probe-rate", "4", "--grace-seconds", "1",
                "--user", "prober:secret", "--out", dir.resolve("missing.json").toString());
        LiveReport report = new LiveRun(options).run();

        String json = report.toJson();
        assertEquals(10, report.subscribersConnected(), json);
        assertEquals(10, report.failedStatus(), json);
        assertEquals(report.deliveriesExpected(), report.deliveriesMeasured(), json);
        assertEquals(0, report.missingDeliveries(), json);
        assertTrue(report.deliveriesMeasured() > 0, json);

        int closedPort;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = free.getLocalPort();
        }
        LiveOptions refused = LiveOptions.parse("--stream-url", "http://127.0.0.1:" + closedPort, "--bid-url", url, "--items", "a",
                "--subscribers", "3", "--settle-seconds", "0", "--duration", "1", "--probe-rate", "2", "--grace-seconds", "0",
                "--user", "prober:secret", "--out", dir.resolve("refused.json").toString());
        LiveReport none = new LiveRun(refused).run();
        assertEquals(3, none.failedConnect(), none.toJson());
        assertEquals(0, none.subscribersConnected(), none.toJson());
    }

    @Test
    void streamsThatNeverReadStopTheServersWritesAndShowAsDroppedWhileTheOthersReadOn() throws Exception {
        String url = "http://127.0.0.1:" + server.actualPort();
        LiveOptions options = LiveOptions.parse("--stream-url", url, "--bid-url", url, "--items", "flood", "--subscribers", "6",
                "--slow", "2", "--settle-seconds", "1", "--duration", "8", "--probe-rate", "2", "--grace-seconds", "1",
                "--user", "prober:secret", "--out", dir.resolve("flood.json").toString());
        LiveReport report = new LiveRun(options).run();

        String json = report.toJson();
        // Only the two paused streams filled the server's write queue (the 8 MiB each stream is sent are more than the
        // socket buffers hold); the four reading ones took everything and every probe.
        assertEquals(2, report.slowDropped(), json + " closed by the server: " + stuckClosed);
        assertEquals(0, report.drops(), json);
        assertEquals(0, report.missingDeliveries(), json);
        assertEquals(4 * report.probesAccepted(), report.deliveriesMeasured(), json);
    }

    @Test
    void warmUpProbesAreNeitherMeasuredNorMissingEvenWhenTheirEventsComeInTheWindow() throws Exception {
        String url = "http://127.0.0.1:" + server.actualPort();
        LiveOptions options = LiveOptions.parse("--stream-url", url, "--bid-url", url, "--items", "lag", "--subscribers", "50",
                "--settle-seconds", "0", "--warmup-seconds", "2", "--duration", "2", "--probe-rate", "20", "--grace-seconds", "1",
                "--user", "prober:secret", "--out", dir.resolve("warm.json").toString());
        LiveReport report = new LiveRun(options).run();

        String json = report.toJson();
        // 2 s of warm-up probes, then the measured ones: 40 turns, counted apart.
        assertTrue(report.warmup().probesSent() >= 20, json);
        assertEquals(40, report.probesSent() + report.probesSkipped(), json);
        // The last 300 ms of warm-up probes reach the subscribers inside the measured window: counted as warm-up
        // arrivals only, never as delays, duplicates or unmatched arrivals (as does the tool's first, unmeasured bid, which
        // reaches the streams that opened within its 300 ms).
        long warmupDeliveries = 50 * report.warmup().probesAccepted();
        assertTrue(report.warmup().arrivals() >= warmupDeliveries && report.warmup().arrivals() <= warmupDeliveries + 50, json);
        assertEquals(50 * report.probesAccepted(), report.deliveriesExpected(), json);
        assertEquals(report.deliveriesExpected(), report.deliveriesMeasured(), json);
        assertEquals(0, report.missingDeliveries(), json);
        assertEquals(0, report.duplicates(), json);
        // On a loaded machine a measured probe's answer may fail to reach the tool: its event is then unmatched, rightly.
        assertEquals(50 * report.probesRefused(), report.unmatched(), json);
        // Every measured delay is a measured probe's: none is a warm-up probe's event matched to a later 201.
        assertTrue(report.delayP50Us() >= LAG_MS * 1000 - 1000, json);
        assertTrue(json.contains("\"warmup_probes_sent\" : " + report.warmup().probesSent()), json);
    }

    @Test
    void theWarmUpEndsOnceTheRunnersFileAppearsAndOnlyThenIsTheToolReady() throws Exception {
        String url = "http://127.0.0.1:" + server.actualPort();
        Path warming = dir.resolve("warming");
        Path until = dir.resolve("warmed");
        Path ready = dir.resolve("ready");
        LiveOptions options = LiveOptions.parse("--stream-url", url, "--bid-url", url, "--items", "a", "--subscribers", "20",
                "--settle-seconds", "0", "--warmup-seconds", "60", "--warming", warming.toString(), "--warmup-until", until.toString(),
                "--ready", ready.toString(), "--duration", "1", "--probe-rate", "20", "--grace-seconds", "0",
                "--user", "prober:secret", "--out", dir.resolve("until.json").toString());
        boolean[] readyTooEarly = new boolean[1];
        Thread runner = new Thread(() -> {
            // As bench/run does: wait for the warm-up to start, let it go on a second, then end it.
            while (!Files.exists(warming)) {
                Thread.onSpinWait();
            }
            try {
                TimeUnit.SECONDS.sleep(1);
                readyTooEarly[0] = Files.exists(ready);
                Files.writeString(until, "settled\n");
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        runner.start();
        LiveReport report = new LiveRun(options).run();
        runner.join(10_000);

        String json = report.toJson();
        assertFalse(readyTooEarly[0], "the ready file came before the warm-up ended");
        assertTrue(report.warmup().seconds() >= 1 && report.warmup().seconds() < 10, json);
        assertTrue(report.warmup().probesSent() >= 10, json);
        assertEquals(20, report.probesSent() + report.probesSkipped(), json);
        assertEquals(0, report.missingDeliveries(), json);
        assertEquals(0, report.unmatched(), json);
    }
}
