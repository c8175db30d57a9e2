package dev.gavel.query.support;

import dev.gavel.embeddedmongo.EmbeddedMongo;
import dev.gavel.processor.Processor;
import dev.gavel.processor.ProcessorConfig;
import dev.gavel.testkit.FreePort;
import dev.gavel.testkit.RedisCluster;
import dev.gavel.testkit.RedisServer;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One query-api for the whole test run: a real redis-server (testkit), an in-memory
 * mongo-java-server on a free port, the application on a free port, and a processor (in process)
 * archiving the event streams into that MongoDB, started once and shared by every test class. Tests keep apart by using unique names ({@link #unique}).
 * Its redis-server and MongoDB are not handed out: a test that kills, restarts or freezes a store
 * starts one of its own and points {@link #startAnotherInstance} at it, so it cannot break the others.
 * {@link #onCluster()} is a second such stack whose Redis is a 3-primary Redis Cluster, for the tests that
 * check query-api and the processor behave there as on one Redis.
 */
public final class TestStack {

    public static final String TOKEN_SECRET = "query-test-token-secret";

    private static TestStack instance;
    private static TestStack clusterInstance;

    private final AutoCloseable redisNodes;
    private final String redisUrl;
    private final EmbeddedMongo mongo;
    private final Path home;
    private final EmbeddedServer server;
    private final Processor processor;
    private final AbstractRedisClient redisClient;
    private final RedisCommands<String, String> redis;
    private final RedisClusterCommands<String, String> commands;
    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json;

    private TestStack(boolean cluster) throws IOException {
        if (cluster) {
            RedisCluster nodes = RedisCluster.start(3, 0);
            redisNodes = nodes;
            redisUrl = nodes.uri();
        } else {
            // Never killed (a test that kills a store starts its own), so it need not fsync each of the run's writes.
            RedisServer server = RedisServer.startFreshWithoutFsync();
            redisNodes = server;
            redisUrl = server.uri();
        }
        home = Files.createTempDirectory("gavel-home-");
        // On disk, as bin/gavel runs it: its H2 collections answer GET /events from the events' indexes.
        mongo = EmbeddedMongo.start(FreePort.next(), home.resolve("mongo"));
        Map<String, Object> properties = instanceProperties();
        properties.put("gavel.token-secret", TOKEN_SECRET);
        server = ApplicationContext.run(EmbeddedServer.class, properties);
        processor = Processor.start(ProcessorConfig.fromEnvironment(Map.of(
                "GAVEL_REDIS_URL", redisUrl,
                "MONGODB_URI", mongo.connectionString("gavel"),
                "GAVEL_PARTITIONS", "16",
                "GAVEL_PROCESSOR_POLL_MS", "20",
                "GAVEL_PROCESSOR_CLAIM_IDLE_MS", "2000",
                "GAVEL_PROCESSOR_CONSUMER", "query-api-tests")), new SimpleMeterRegistry());
        json = server.getApplicationContext().getBean(JsonMapper.class);
        if (redisNodes instanceof RedisCluster nodes) {
            RedisClusterClient client = RedisClusterClient.create(nodes.nodes().get(0).uri());
            StatefulRedisClusterConnection<String, String> connection = client.connect();
            redisClient = client;
            redis = null;
            commands = connection.sync();
        } else {
            RedisClient client = RedisClient.create(redisUrl);
            StatefulRedisConnection<String, String> connection = client.connect();
            redisClient = client;
            redis = connection.sync();
            commands = redis;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(this::stop, "test-stack-stop"));
    }

    public static synchronized TestStack get() {
        if (instance == null) {
            instance = start(false);
        }
        return instance;
    }

    /** The stack on a Redis Cluster of 3 primaries ({@code GAVEL_REDIS_URL=redis-cluster://...}), started once. */
    public static synchronized TestStack onCluster() {
        if (clusterInstance == null) {
            clusterInstance = start(true);
        }
        return clusterInstance;
    }

    private static TestStack start(boolean cluster) {
        try {
            return new TestStack(cluster);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * Another query-api on the same Redis, MongoDB and home, for tests that need two instances or
     * other settings; the caller stops it.
     */
    public EmbeddedServer startAnotherInstance(Map<String, Object> overrides) {
        Map<String, Object> properties = instanceProperties();
        properties.putAll(overrides);
        return ApplicationContext.run(EmbeddedServer.class, properties);
    }

    /** What every query-api of this stack shares: a port of its own, this Redis, MongoDB and home. */
    private Map<String, Object> instanceProperties() {
        // Every test shares 127.0.0.1: the per-address limits are raised here and tested on their own instance.
        return new HashMap<>(Map.of(
                "gavel.abuse.registrations-per-minute", 1_000_000,
                "gavel.abuse.address-failures", 1_000_000,
                "gavel.abuse.hash-queue", 10_000,
                "micronaut.server.port", FreePort.next(),
                "mongodb.uri", mongo.connectionString("gavel"),
                "gavel.redis-url", redisUrl,
                "gavel.home", home.toString(),
                "gavel.admin-password", "",
                "gavel.password-iterations", 1000,
                "gavel.partitions", 16));
    }

    /** This stack's single Redis; a cluster stack has none (see {@link #commands()}). */
    public RedisCommands<String, String> redis() {
        if (redis == null) {
            throw new IllegalStateException("this stack runs on a Redis Cluster: use commands()");
        }
        return redis;
    }

    /** This stack's Redis through the commands one Redis and a cluster share (routed by key on a cluster). */
    public RedisClusterCommands<String, String> commands() {
        return commands;
    }

    /** This stack's Redis Cluster; only for the stack {@link #onCluster()}. */
    public RedisCluster cluster() {
        if (!(redisNodes instanceof RedisCluster nodes)) {
            throw new IllegalStateException("this stack runs on one Redis");
        }
        return nodes;
    }

    public ApplicationContext context() {
        return server.getApplicationContext();
    }

    public Path home() {
        return home;
    }

    public String adminPassword() {
        try {
            return Files.readString(home.resolve("admin-password")).trim();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String adminAuth() {
        return basic("admin", adminPassword());
    }

    public static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    public Response get(String path) {
        return send(HttpRequest.newBuilder(uri(path)).GET());
    }

    public Response postJson(String path, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    public Response send(String method, String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request);
    }

    public Response get(String path, String authorization) {
        return send("GET", path, null, authorization);
    }

    public Response send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers(), response.body(), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * GET with the request target sent byte for byte, for targets {@link URI} refuses (a broken
     * percent-escape); {@code authorization} may be null.
     */
    public Response getRaw(String target, String authorization) {
        try (Socket socket = new Socket("127.0.0.1", server.getPort())) {
            socket.setSoTimeout(10_000);
            String request = "GET " + target + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n";
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            String text = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int headEnd = text.indexOf("\r\n\r\n");
            Map<String, List<String>> headers = new HashMap<>();
            for (String line : text.substring(0, headEnd).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    headers.put(line.substring(0, colon).trim(), List.of(line.substring(colon + 1).trim()));
                }
            }
            return new Response(Integer.parseInt(text.substring(9, 12)), HttpHeaders.of(headers, (a, b) -> true),
                    text.substring(headEnd + 4), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    /** A registered user with the given password; returns its username. */
    public String newUser(String prefix, String password) {
        String username = unique(prefix);
        Response created = postJson("/users", "{\"username\":\"" + username + "\",\"password\":\"" + password + "\"}");
        if (created.status() != 201) {
            throw new IllegalStateException("could not register " + username + ": " + created.body());
        }
        return username;
    }

    /** Parses a JSON object body. */
    public Map<String, Object> parse(String body) {
        try {
            return json.readValue(body, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void stop() {
        processor.close();
        redisClient.shutdown();
        server.stop();
        mongo.close();
        try {
            redisNodes.close();
        } catch (Exception e) {
            throw new IllegalStateException("could not stop this stack's Redis", e);
        }
    }
}
