package dev.gavel.acceptor.handler;

import dev.gavel.acceptor.auth.Authenticator;
import dev.gavel.acceptor.http.ApiException;
import dev.gavel.acceptor.http.ArrivalTime;
import dev.gavel.acceptor.http.Endpoint;
import dev.gavel.acceptor.http.EndpointHandler;
import dev.gavel.acceptor.http.IdempotencyHeader;
import dev.gavel.acceptor.http.Responses;
import dev.gavel.acceptor.store.ClientContext;
import dev.gavel.acceptor.store.IdempotencyKey;
import dev.gavel.acceptor.store.ImpressionStore;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * POST /items/{item}/impressions: authenticate, validate the client context, one script run, then
 * 202. Any body is ignored. Scheduled and closed items count views too; only an unknown item is 404.
 */
public final class RecordImpressionHandler implements EndpointHandler {

    private final Authenticator authenticator;
    private final ImpressionStore impressions;

    public RecordImpressionHandler(Authenticator authenticator, ImpressionStore impressions) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.impressions = Objects.requireNonNull(impressions, "impressions");
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(Endpoint.RECORD_IMPRESSION);
    }

    @Override
    public void handle(RoutingContext ctx) {
        long arrivalMicros = ArrivalTime.of(ctx);
        authenticator.authenticate(ctx.request())
                .compose(principal -> {
                    String item = BidRequest.itemId(ctx.pathParam(Endpoint.ITEM_PARAM));
                    ClientContext context = ClientContexts.of(ctx.request());
                    String user = principal.username();
                    IdempotencyKey idempotency = IdempotencyHeader.read(ctx, "");
                    return impressions.record(item, user, arrivalMicros, context, idempotency)
                            .compose(recorded -> answer(item, user, recorded));
                })
                .onSuccess(body -> Responses.json(ctx, 202, body))
                .onFailure(ctx::fail);
    }

    /** Item and user match [A-Za-z0-9._-], so they need no JSON escaping. */
    private static Future<String> answer(String item, String user, Optional<Long> recorded) {
        if (recorded.isEmpty()) {
            return Future.failedFuture(ApiException.notFound("item '" + item + "' does not exist"));
        }
        return Future.succeededFuture("{\"item\":\"" + item + "\",\"user\":\"" + user + "\"}");
    }
}
