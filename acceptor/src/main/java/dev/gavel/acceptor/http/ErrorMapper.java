package dev.gavel.acceptor.http;

import dev.gavel.acceptor.store.RedisCommandFailedException;
import dev.gavel.acceptor.store.StoreOutcomeUnknownException;
import dev.gavel.acceptor.store.StoreUnavailableException;
import dev.gavel.contract.AuthMessages;
import dev.gavel.contract.ErrorCodes;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.StringJoiner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single place a failure becomes an HTTP answer: {@code {"error": code, "message": line}} with
 * the contract's status: 503 only when the write was certainly not recorded, 504 when it was sent and
 * its outcome is unknown. A bug is a 500 without its text, logged once with its stack (a Redis error
 * reply: once per command and code, by {@code RedisStore}).
 */
public final class ErrorMapper implements Handler<RoutingContext> {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorMapper.class);

    static final String STORE_UNAVAILABLE = "the store could not be reached; the write was not recorded";
    static final String OUTCOME_UNKNOWN = "the write was sent to the store but no answer came in time; it may have "
            + "been recorded: retry with the same Idempotency-Key to find out";

    @Override
    public void handle(RoutingContext ctx) {
        Throwable failure = ctx.failure();
        if (failure instanceof ApiException api) {
            if (api.retryAfterSeconds() > 0 && !ctx.response().headWritten()) {
                ctx.response().putHeader(Responses.RETRY_AFTER, Long.toString(api.retryAfterSeconds()));
            }
            respond(ctx, api.status(), api.code(), api.getMessage(), api.details());
        } else if (failure instanceof StoreUnavailableException) {
            respond(ctx, 503, STORE_UNAVAILABLE);
        } else if (failure instanceof StoreOutcomeUnknownException) {
            respond(ctx, 504, OUTCOME_UNKNOWN);
        } else if (failure instanceof RedisCommandFailedException) {
            // Logged once per command and error code where it happened, and counted: no stack per request.
            respond(ctx, 500, "internal error");
        } else if (failure != null) {
            LOG.error("internal error on {} {}", ctx.request().method(), ctx.request().path(), failure);
            respond(ctx, 500, "internal error");
        } else {
            respondToStatus(ctx, ctx.statusCode());
        }
    }

    private void respondToStatus(RoutingContext ctx, int status) {
        switch (status) {
            case 400 -> respond(ctx, 400, "the request is malformed");
            case 401 -> respond(ctx, 401, AuthMessages.CREDENTIALS_REQUIRED);
            case 403 -> respond(ctx, 403, "this operation is not allowed");
            case 404 -> respond(ctx, 404, "no such resource");
            case 405 -> methodNotAllowed(ctx);
            case 413 -> respond(ctx, 413, "the request body is too large");
            case 415 -> respond(ctx, 415, "the request body must be application/json");
            case 503 -> respond(ctx, 503, "the service is unavailable");
            default -> {
                LOG.error("unexpected failure status {} on {} {}", status, ctx.request().method(), ctx.request().path());
                respond(ctx, 500, "internal error");
            }
        }
    }

    private void methodNotAllowed(RoutingContext ctx) {
        StringJoiner allowed = new StringJoiner(", ");
        for (Endpoint endpoint : Endpoint.values()) {
            if (endpoint.matchesPath(ctx.request().path())) {
                allowed.add(endpoint.method().name());
            }
        }
        if (allowed.length() > 0) {
            ctx.response().putHeader(Responses.ALLOW, allowed.toString());
        }
        HttpMethod method = ctx.request().method();
        respond(ctx, 405, method.name() + " is not allowed on " + ctx.request().path());
    }

    /** An answer whose code is the contract's code for its status. */
    private static void respond(RoutingContext ctx, int status, String message) {
        respond(ctx, status, ErrorCodes.forStatus(status), message, Map.of());
    }

    private static void respond(RoutingContext ctx, int status, String code, String message,
                                Map<String, Number> details) {
        if (status == 401 && !ctx.response().headWritten()) {
            ctx.response().putHeader(Responses.WWW_AUTHENTICATE, Responses.BASIC_CHALLENGE);
        }
        JsonObject body = new JsonObject().put("error", code).put("message", message);
        details.forEach((name, value) -> body.put(name, (Object) value));
        Responses.json(ctx, status, body.encode());
    }
}
