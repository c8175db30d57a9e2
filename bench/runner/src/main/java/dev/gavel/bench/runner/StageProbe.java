package dev.gavel.bench.runner;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Reads the counters of a {@link StageWindow.Snapshot}: the acceptor's /metrics on its own port (none for
 * a bare reference server) and INFO commandstats of the Redis the scenario writes to. A server that does not
 * answer gives no figures (the report shows "–"), never a failed run.
 */
final class StageProbe {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final OptionalInt acceptorPort;
    private final int redisPort;

    StageProbe(OptionalInt acceptorPort, int redisPort) {
        this.acceptorPort = acceptorPort;
        this.redisPort = redisPort;
    }

    StageWindow.Snapshot take() {
        String exposition = acceptorPort.isPresent() ? metrics(acceptorPort.getAsInt()) : "";
        Map<String, RedisWork.Command> commands = RedisWork.read(redisPort).map(RedisWork.Node::commands).orElse(Map.of());
        return StageWindow.Snapshot.of(exposition, commands);
    }

    private String metrics(int port) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BenchFailure("interrupted", e);
        }
    }
}
