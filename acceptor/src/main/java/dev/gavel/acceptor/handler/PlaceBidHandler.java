package dev.gavel.acceptor.handler;

import dev.gavel.acceptor.auth.Authenticator;
import dev.gavel.acceptor.http.ApiException;
import dev.gavel.acceptor.http.ArrivalTime;
import dev.gavel.acceptor.http.Endpoint;
import dev.gavel.acceptor.http.EndpointHandler;
import dev.gavel.acceptor.http.IdempotencyHeader;
import dev.gavel.acceptor.http.Responses;
import dev.gavel.acceptor.store.BidOutcome;
import dev.gavel.acceptor.store.BidStore;
import dev.gavel.acceptor.store.ClientContext;
import dev.gavel.acceptor.store.IdempotencyKey;
import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Money;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/** PUT /items/{item}/bids: authenticate, validate, one script run, then 201 with the recorded bid. */
public final class PlaceBidHandler implements EndpointHandler {

    private final Authenticator authenticator;
    private final BidStore bids;

    public PlaceBidHandler(Authenticator authenticator, BidStore bids) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.bids = Objects.requireNonNull(bids, "bids");
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(Endpoint.PLACE_BID);
    }

    @Override
    public void handle(RoutingContext ctx) {
        long arrivalMicros = ArrivalTime.of(ctx);
        authenticator.authenticate(ctx.request())
                .compose(principal -> {
                    String item = BidRequest.itemId(ctx.pathParam(Endpoint.ITEM_PARAM));
                    BidAmounts amounts = BidRequest.amounts(ctx.body().buffer(),
                            ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
                    ClientContext context = ClientContexts.of(ctx.request());
                    String user = principal.username();
                    IdempotencyKey idempotency = IdempotencyHeader.read(ctx, amounts.fingerprint());
                    return bids.place(item, user, amounts.amountCents(), amounts.maxCents(), arrivalMicros, context,
                                    idempotency)
                            .compose(outcome -> answer(item, user, amounts, arrivalMicros, outcome));
                })
                .onSuccess(body -> Responses.json(ctx, 201, body))
                .onFailure(ctx::fail);
    }

    private static Future<String> answer(String item, String user, BidAmounts amounts, long tsMicros,
                                         BidOutcome outcome) {
        if (outcome instanceof BidOutcome.Accepted accepted) {
            return Future.succeededFuture(body(item, user, amounts.amountCents(), amounts.maxCents(), tsMicros, accepted));
        }
        if (outcome instanceof BidOutcome.Replayed replayed) {
            return Future.succeededFuture(body(item, user, amounts.amountCents(), replayed.maxCents(),
                    replayed.tsMicros(), replayed.accepted()));
        }
        if (outcome instanceof BidOutcome.TooLow tooLow) {
            return Future.failedFuture(ApiException.bidTooLow(tooLow.minimumBidCents()));
        }
        if (outcome instanceof BidOutcome.NotOpen notOpen) {
            String when = MicroTime.format(notOpen.atMicros());
            return Future.failedFuture(ApiException.conflict(notOpen.scheduled()
                    ? "item '" + item + "' is not open yet (opens at " + when + ")"
                    : "item '" + item + "' is closed (closed at " + when + ")"));
        }
        return Future.failedFuture(ApiException.notFound("item '" + item + "' does not exist"));
    }

    /**
     * The 201 body. {@code max_amount} is echoed only here, to the bidder who sent it (this answer goes to
     * no one else). The recorded amount is the script's (a buy-now bid is recorded at the buy-now price);
     * {@code requestedCents} stands in only for a reply recorded before the script reported it.
     * Item and user match [A-Za-z0-9._-], so they need no JSON escaping.
     */
    static String body(String item, String user, long requestedCents, OptionalLong maxCents, long tsMicros,
                       BidOutcome.Accepted accepted) {
        long amount = accepted.amountCents() == BidOutcome.UNKNOWN ? requestedCents : accepted.amountCents();
        StringBuilder json = new StringBuilder(224)
                .append("{\"item\":\"").append(item)
                .append("\",\"user\":\"").append(user)
                .append("\",\"amount\":").append(Money.text(amount));
        if (maxCents.isPresent()) {
            json.append(",\"max_amount\":").append(Money.text(maxCents.getAsLong()));
        }
        return json.append(",\"seq\":").append(accepted.seq())
                .append(",\"ts\":\"").append(MicroTime.format(tsMicros))
                .append("\",\"leading\":").append(accepted.leading())
                .append(",\"price\":").append(money(accepted.priceCents()))
                .append(",\"minimum_bid\":").append(money(accepted.minimumBidCents()))
                .append(",\"closes_at\":").append(accepted.closesAtMicros() == BidOutcome.NO_CLOSE
                        ? "null" : "\"" + MicroTime.format(accepted.closesAtMicros()) + "\"")
                .append(",\"status\":\"").append(accepted.closed() ? "closed" : "open")
                .append("\"}")
                .toString();
    }

    private static String money(long cents) {
        return cents == BidOutcome.UNKNOWN ? "null" : Money.text(cents);
    }
}
