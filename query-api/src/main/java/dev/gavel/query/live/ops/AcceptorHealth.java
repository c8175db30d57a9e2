package dev.gavel.query.live.ops;

import jakarta.inject.Singleton;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Asks each acceptor instance of GAVEL_ACCEPTOR_URLS for its /health, all at once and without waiting: an
 * instance is healthy when it answers 200 within GAVEL_ACCEPTOR_HEALTH_TIMEOUT_MS; a 503, a refused connection or
 * silence make it unhealthy. The acceptors are asked directly, not through nginx, which would reach any one of them.
 */
@Singleton
public class AcceptorHealth {

    private final List<Instance> instances;
    private final Duration timeout;
    private final HttpClient http;

    public AcceptorHealth(OperationsConfig config) {
        this.instances = config.acceptors().stream().map(Instance::of).toList();
        this.timeout = Duration.ofMillis(config.getAcceptorTimeoutMs());
        // HTTP/1.1: the acceptor speaks it, and the default would ask every request to upgrade to HTTP/2.
        this.http = instances.isEmpty() ? null : HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeout)
                .build();
    }

    /** Completes, never exceptionally, with each instance's health in the order of GAVEL_ACCEPTOR_URLS. */
    public CompletableFuture<List<OperationsViews.Acceptor>> check() {
        List<CompletableFuture<OperationsViews.Acceptor>> checks = instances.stream().map(this::check).toList();
        return CompletableFuture.allOf(checks.toArray(CompletableFuture[]::new))
                .thenApply(done -> checks.stream().map(CompletableFuture::join).toList());
    }

    private CompletableFuture<OperationsViews.Acceptor> check(Instance instance) {
        HttpRequest request = HttpRequest.newBuilder(instance.health()).timeout(timeout).GET().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .handle((response, failure) -> new OperationsViews.Acceptor(instance.name(),
                        failure == null && response.statusCode() == 200));
    }

    /** An acceptor as the stream names it ({@code host:port}) and the address of its /health. */
    private record Instance(String name, URI health) {

        static Instance of(URI base) {
            int port = base.getPort() != -1 ? base.getPort() : "https".equals(base.getScheme()) ? 443 : 80;
            String path = base.getPath() == null || base.getPath().isEmpty() ? "" : base.getPath().replaceAll("/+$", "");
            return new Instance(base.getHost() + ":" + port,
                    URI.create(base.getScheme() + "://" + base.getRawAuthority() + path + "/health"));
        }
    }
}
