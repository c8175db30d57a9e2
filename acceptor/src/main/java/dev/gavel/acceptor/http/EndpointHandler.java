package dev.gavel.acceptor.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/** A handler together with the endpoints it serves, so the router registers every handler from one list. */
public interface EndpointHandler extends Handler<RoutingContext> {

    List<Endpoint> endpoints();
}
