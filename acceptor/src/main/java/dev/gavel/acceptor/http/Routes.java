package dev.gavel.acceptor.http;

import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.util.List;
import java.util.Objects;

/** Builds the router: arrival time first, the body limit, then every endpoint handler, then the error mapping. */
public final class Routes {

    private Routes() {
    }

    public static Router create(Vertx vertx, ArrivalTime arrivalTime, int maxBodyBytes, List<EndpointHandler> handlers) {
        Objects.requireNonNull(arrivalTime, "arrivalTime");
        Router router = Router.router(vertx);
        router.route().handler(arrivalTime);
        router.route().handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes));
        for (EndpointHandler handler : handlers) {
            for (Endpoint endpoint : handler.endpoints()) {
                router.route(endpoint.method(), endpoint.path()).handler(handler);
            }
        }
        ErrorMapper errors = new ErrorMapper();
        router.route().failureHandler(errors);
        for (int status : new int[] {400, 404, 405, 413, 415, 500}) {
            router.errorHandler(status, errors);
        }
        return router;
    }
}
