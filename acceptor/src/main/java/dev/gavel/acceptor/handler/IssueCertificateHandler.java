package dev.gavel.acceptor.handler;

import dev.gavel.acceptor.auth.Authenticator;
import dev.gavel.acceptor.auth.Principal;
import dev.gavel.acceptor.http.ApiException;
import dev.gavel.acceptor.http.ArrivalTime;
import dev.gavel.acceptor.http.Endpoint;
import dev.gavel.acceptor.http.EndpointHandler;
import dev.gavel.acceptor.http.IdempotencyHeader;
import dev.gavel.acceptor.http.Responses;
import dev.gavel.acceptor.store.CertificateOutcome;
import dev.gavel.acceptor.store.CertificateStore;
import dev.gavel.acceptor.store.IdempotencyKey;
import dev.gavel.contract.MicroTime;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Objects;

/** POST /certificates: an issuer asks for shares of a class; one script run grants the next number or refuses. */
public final class IssueCertificateHandler implements EndpointHandler {

    static final String ISSUER_ROLE = "issuer";

    private final Authenticator authenticator;
    private final CertificateStore certificates;
    private final String company;

    public IssueCertificateHandler(Authenticator authenticator, CertificateStore certificates, String company) {
        this.authenticator = Objects.requireNonNull(authenticator, "authenticator");
        this.certificates = Objects.requireNonNull(certificates, "certificates");
        this.company = Objects.requireNonNull(company, "company");
    }

    @Override
    public List<Endpoint> endpoints() {
        return List.of(Endpoint.ISSUE_CERTIFICATE);
    }

    @Override
    public void handle(RoutingContext ctx) {
        long arrivalMicros = ArrivalTime.of(ctx);
        authenticator.authenticate(ctx.request())
                .compose(principal -> {
                    requireIssuer(principal);
                    CertificateRequest request = CertificateRequest.parse(ctx.body().buffer(),
                            ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
                    IdempotencyKey idempotency = IdempotencyHeader.read(ctx, request.canonical());
                    return certificates.issue(request.shareClass(), request.name(), request.amount(),
                                    principal.username(), arrivalMicros, company, idempotency)
                            .compose(outcome -> answer(request, outcome));
                })
                .onSuccess(body -> Responses.json(ctx, 201, body))
                .onFailure(ctx::fail);
    }

    private static void requireIssuer(Principal principal) {
        if (!principal.hasRole(ISSUER_ROLE)) {
            throw ApiException.forbidden("user '" + principal.username() + "' lacks the issuer role");
        }
    }

    private static Future<String> answer(CertificateRequest request, CertificateOutcome outcome) {
        if (outcome instanceof CertificateOutcome.Issued issued) {
            return Future.succeededFuture(body(request, issued));
        }
        if (outcome instanceof CertificateOutcome.Denied denied) {
            return Future.failedFuture(ApiException.grantDenied("the grant was denied: class '" + request.shareClass()
                    + "' has " + denied.remaining() + " shares left, " + request.amount() + " were asked",
                    denied.remaining()));
        }
        return Future.failedFuture(ApiException.notFound("share class '" + request.shareClass() + "' does not exist"));
    }

    /** The contract's 201 body; a replay renders the same bytes from the first request's recorded values. */
    static String body(CertificateRequest request, CertificateOutcome.Issued issued) {
        return new JsonObject()
                .put("cert_id", request.shareClass() + "-" + issued.number())
                .put("stakeholder", request.name())
                .put("company", issued.company())
                .put("class", request.shareClass())
                .put("amount", request.amount())
                .put("issued_at", MicroTime.format(issued.tsMicros()))
                .encode();
    }
}
