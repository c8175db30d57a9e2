package dev.gavel.acceptor.http;

import dev.gavel.acceptor.metrics.Metrics;
import dev.gavel.acceptor.metrics.RouteMeters;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Objects;

/** Builds the router: arrival time first, a URI check, the body limit, then every endpoint handler (measured per route), then the error mapping. */
public final class Routes {

    private Routes() {
    }

    public static Router create(Vertx vertx, ArrivalTime arrivalTime, int maxBodyBytes, List<EndpointHandler> handlers,
                                Metrics metrics) {
        Objects.requireNonNull(arrivalTime, "arrivalTime");
        Objects.requireNonNull(metrics, "metrics");
        Router router = Router.router(vertx);
        router.route().handler(arrivalTime);
        router.route().handler(new WellFormedUri());
        router.route().handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
        for (EndpointHandler handler : handlers) {
            for (Endpoint endpoint : handler.endpoints()) {
                RouteMeters meters = metrics.route(endpoint.route());
                router.route(endpoint.method(), endpoint.path())
                        .handler(ctx -> measure(ctx, meters))
                        .handler(handler);
            }
        }
        ErrorMapper errors = new ErrorMapper();
        router.route().failureHandler(errors);
        for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
            router.errorHandler(status, errors);
        }
        return router;
    }

    /** Counts the request under its route pattern once its answer is written, with the time since arrival. */
    private static void measure(RoutingContext ctx, RouteMeters meters) {
        long startNanos = System.nanoTime();
        ctx.addEndHandler(ended -> meters.record(ctx.response().getStatusCode(), System.nanoTime() - startNanos));
        ctx.next();
    }
}
