package dev.gavel.processor.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.gavel.contract.ErrorCodes;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.bson.Document;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The processor's own port: {@code GET /health} (200 when it reaches Redis and MongoDB, 503 naming what it
 * cannot reach) and {@code GET /metrics} (Prometheus text). Anything else is the contract's JSON error.
 * The JDK's HTTP server is enough for a scrape and a probe; two threads keep a slow health check (a store
 * that does not answer) from holding up a scrape.
 */
public final class OpsServer implements AutoCloseable {

    private static final String JSON = "application/json";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;

    public OpsServer(String host, int port, PrometheusMeterRegistry registry, Supplier<List<String>> unreachableStores)
            throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(host, port), 64);
        this.executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "gavel-processor-ops");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", exchange -> {
            try (exchange) {
                route(exchange, registry, unreachableStores);
            }
        });
        server.start();
    }

    /** The port it listens on (the one chosen when 0 was asked for). */
    public int port() {
        return server.getAddress().getPort();
    }

    private static void route(HttpExchange exchange, PrometheusMeterRegistry registry,
                              Supplier<List<String>> unreachableStores) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (!path.equals("/health") && !path.equals("/metrics")) {
            error(exchange, 404, "no such route: " + path);
        } else if (!exchange.getRequestMethod().equals("GET")) {
            exchange.getResponseHeaders().set("Allow", "GET");
            error(exchange, 405, exchange.getRequestMethod() + " is not allowed on " + path);
        } else if (path.equals("/metrics")) {
            send(exchange, 200, PROMETHEUS_TEXT, registry.scrape());
        } else {
            List<String> down = unreachableStores.get();
            if (down.isEmpty()) {
                send(exchange, 200, JSON, "{\"status\":\"up\",\"redis\":\"up\",\"mongodb\":\"up\"}");
            } else {
                error(exchange, 503, String.join(" and ", down) + " unreachable");
            }
        }
    }

    /** The contract's error body, written by the BSON library's JSON writer. */
    private static void error(HttpExchange exchange, int status, String message) throws IOException {
        send(exchange, status, JSON, new Document("error", ErrorCodes.forStatus(status)).append("message", message).toJson());
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
