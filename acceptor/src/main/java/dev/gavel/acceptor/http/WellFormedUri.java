package dev.gavel.acceptor.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request URI with a broken percent-escape ({@code %ZZ}, a trailing {@code %}) before any
 * handler decodes it: Vert.x throws IllegalArgumentException from {@code pathParam}/{@code getParam} on
 * one, which would otherwise surface as a 500 with a logged stack trace. One scan of the URI, no allocation.
 */
public final class WellFormedUri implements Handler<RoutingContext> {

    @Override
    public void handle(RoutingContext ctx) {
        if (wellFormed(ctx.request().uri())) {
            ctx.next();
        } else {
            ctx.fail(ApiException.badRequest("the request URI has a malformed percent-escape"));
        }
    }

    static boolean wellFormed(String uri) {
        for (int i = 0; i < uri.length(); i++) {
            if (uri.charAt(i) == '%') {
                if (i + 2 >= uri.length() || !isHex(uri.charAt(i + 1)) || !isHex(uri.charAt(i + 2))) {
                    return false;
                }
                i += 2;
            }
        }
        return true;
    }

    private static boolean isHex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
