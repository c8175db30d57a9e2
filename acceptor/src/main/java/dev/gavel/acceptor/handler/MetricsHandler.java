package dev.gavel.acceptor.handler;

import dev.gavel.acceptor.http.Endpoint;
import dev.gavel.acceptor.http.EndpointHandler;
import dev.gavel.acceptor.metrics.Metrics;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;

/**
 * GET /metrics and GET /acceptor/metrics: the process's metrics in Prometheus text format. Rendering reads
 * the JVM's figures (threads, memory pools), so it runs on a worker thread, not on the event loop.
 */
public final class MetricsHandler implements EndpointHandler {

    private static final CharSequence PROMETHEUS_TEXT =
            HttpHeaders.createOptimized("text/plain; version=0.0.4; charset=utf-8");

    private final Metrics metrics;

    public MetricsHandler(Metrics metrics) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(Endpoint.METRICS, Endpoint.ACCEPTOR_METRICS);
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.vertx().executeBlocking(metrics::render, false).onComplete(text -> {
            HttpServerResponse response = ctx.response();
            if (!response.ended() && !response.closed()) {
                response.putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT).end(text);
            }
        }, ctx::fail);
    }
}
