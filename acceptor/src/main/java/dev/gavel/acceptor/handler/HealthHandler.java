package dev.gavel.acceptor.handler;

import dev.gavel.acceptor.http.ApiException;
import dev.gavel.acceptor.http.Endpoint;
import dev.gavel.acceptor.http.EndpointHandler;
import dev.gavel.acceptor.http.Responses;
import dev.gavel.acceptor.store.RedisStore;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;

/**
 * GET /health and GET /acceptor/health: up when Redis answers PING within the timeout; on a Redis Cluster,
 * when every primary answers and says the cluster is ok.
 */
public final class HealthHandler implements EndpointHandler {

    private static final Buffer UP = Buffer.buffer("{\"status\":\"up\",\"redis\":\"up\"}");

    private final RedisStore store;

    public HealthHandler(RedisStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(Endpoint.HEALTH, Endpoint.ACCEPTOR_HEALTH);
    }

    @Override
    public void handle(RoutingContext ctx) {
        store.health()
                .onSuccess(pong -> Responses.json(ctx, 200, UP.copy()))
                .onFailure(failure -> ctx.fail(ApiException.unavailable("redis is unreachable")));
    }
}
