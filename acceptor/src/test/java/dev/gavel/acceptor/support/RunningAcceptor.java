package dev.gavel.acceptor.support;

import dev.gavel.acceptor.Acceptor;
import dev.gavel.acceptor.AcceptorConfig;
import dev.gavel.acceptor.auth.AbuseSettings;
import dev.gavel.acceptor.time.ArrivalClock;
import dev.gavel.testkit.FreePort;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** The real acceptor verticles on a free port, pointed at a test Redis, with a plain HTTP client. */
public final class RunningAcceptor implements AutoCloseable {

    private final Vertx vertx;
    private final HttpClient http;
    private final String baseUrl;
    private final int port;

    private RunningAcceptor(Vertx vertx, int port) {
        this.vertx = vertx;
        this.port = port;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        this.baseUrl = "http://127.0.0.1:" + port;
    }

    public static RunningAcceptor start(String redisUrl) {
        return start(redisUrl, Map.of());
    }

    public static RunningAcceptor start(String redisUrl, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>();
        env.put(AcceptorConfig.REDIS_URL, redisUrl);
        env.put(AcceptorConfig.PORT, Integer.toString(FreePort.next()));
        env.put(AcceptorConfig.VERTICLES, "2");
        env.put(AcceptorConfig.REDIS_POOL_SIZE, "8");
        env.put(AcceptorConfig.TOKEN_SECRET, TestData.TOKEN_SECRET);
        // The dummy hash of unknown names at the test users' cost; tests all come from 127.0.0.1, so the
        // per-address limit and the hash queue are raised here, the failure delay off, each tested on its own.
        env.put(AbuseSettings.PASSWORD_ITERATIONS, Integer.toString(TestData.TEST_ITERATIONS));
        env.put(AbuseSettings.ADDRESS_FAILURES, "1000000");
        env.put(AbuseSettings.FAILURE_DELAY_MS, "0");
        env.put(AbuseSettings.HASH_QUEUE, "10000");
        env.putAll(overrides);
        AcceptorConfig config = AcceptorConfig.fromEnvironment(env);
        Vertx vertx = Vertx.vertx();
        int port = Await.result(Acceptor.deploy(vertx, config, ArrivalClock.system()), Duration.ofSeconds(20));
        return new RunningAcceptor(vertx, port);
    }

    public int port() {
        return port;
    }

    public HttpResponse<String> put(String path, String body, String authorization, String contentType) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .PUT(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.build());
    }

    public HttpResponse<String> get(String path) {
        return send("GET", path);
    }

    public HttpResponse<String> bid(String item, String body, String authorization) {
        return put("/items/" + item + "/bids", body, authorization, body == null ? null : "application/json");
    }

    /** POST /items/{item}/impressions with no body; {@code headers} are name, value pairs. */
    public HttpResponse<String> impression(String pathAndQuery, String authorization, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(Duration.ofSeconds(10))
                .POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    /** POST /certificates with a JSON body; {@code idempotencyKey} null sends none. */
    public HttpResponse<String> certificate(String body, String authorization, String idempotencyKey) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + "/certificates"))
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    public HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10));
    }

    public HttpResponse<String> send(String method, String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        Await.result(vertx.close(), Duration.ofSeconds(20));
    }

}
