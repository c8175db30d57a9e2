package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.gavel.testkit.RedisServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StageProbeTest {

    private RedisServer redis;
    private HttpServer acceptor;
    private final AtomicReference<String> exposition = new AtomicReference<>("");

    @BeforeEach
    void start() throws IOException {
        redis = RedisServer.startFresh();
        // An HTTP server answering /metrics with whatever the test sets: the acceptor's side of the probe.
        acceptor = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        acceptor.createContext("/metrics", exchange -> {
            byte[] body = exposition.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        acceptor.start();
    }

    @AfterEach
    void stop() {
        acceptor.stop(0);
        redis.close();
    }

    @Test
    void shouldReadTheAcceptorsMetricsAndRedissScriptCallsAroundALoad() throws IOException {
        // given
        StageProbe probe = new StageProbe(OptionalInt.of(acceptor.getAddress().getPort()), redis.port());
        String sha = (String) call("SCRIPT", "LOAD", "return redis.call('INCR', KEYS[1])");
        exposition.set(PrometheusTotalsTest.exposition());
        StageWindow.Snapshot before = probe.take();

        // when 5 scripts run and the acceptor counts 5 more bids taking 10 ms each
        for (int i = 0; i < 5; i++) {
            call("EVALSHA", sha, "1", "k");
        }
        exposition.set(PrometheusTotalsTest.exposition()
                .replace("_count{route=\"PUT /items/:item/bids\"} 4000", "_count{route=\"PUT /items/:item/bids\"} 4005")
                .replace("_sum{route=\"PUT /items/:item/bids\"} 6.0", "_sum{route=\"PUT /items/:item/bids\"} 6.05"));
        StageWindow w = StageWindow.between(before, probe.take());

        // then
        assertEquals("PUT /items/:item/bids", w.route());
        assertEquals(5, w.acceptor().count());
        assertEquals(10_000.0, w.acceptor().meanUs(), 1e-3);
        assertEquals(5, w.script().calls());
        assertTrue(w.script().usec() >= 0);
    }

    @Test
    void shouldGiveNoAcceptorFiguresWhenThereIsNoAcceptor() {
        StageProbe probe = new StageProbe(OptionalInt.empty(), redis.port());
        StageWindow w = StageWindow.between(probe.take(), probe.take());
        assertFalse(w.hasAcceptor());
        assertEquals(0, w.script().calls());
    }

    private Object call(String... args) throws IOException {
        try (RedisClient client = RedisClient.connect(redis.port())) {
            return client.call(args);
        }
    }
}
