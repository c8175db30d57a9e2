package dev.gavel.acceptor.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/** The one way a response leaves the acceptor: JSON, headers built once, closed connections skipped. */
public final class Responses {

    public static final CharSequence CONTENT_TYPE = HttpHeaders.CONTENT_TYPE;
    public static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
    public static final CharSequence WWW_AUTHENTICATE = HttpHeaders.createOptimized("WWW-Authenticate");
    public static final CharSequence BASIC_CHALLENGE = HttpHeaders.createOptimized("Basic realm=\"gavel\"");
    public static final CharSequence ALLOW = HttpHeaders.ALLOW;
    public static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");

    private Responses() {
    }

    /** Writes a JSON body with the status unless the client is gone or an answer was already sent. */
    public static void json(RoutingContext ctx, int status, Buffer body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed() || response.headWritten()) {
            return;
        }
        response.setStatusCode(status).putHeader(CONTENT_TYPE, APPLICATION_JSON).end(body);
    }

    public static void json(RoutingContext ctx, int status, String body) {
        json(ctx, status, Buffer.buffer(body));
    }
}
