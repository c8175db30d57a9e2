package dev.gavel.acceptor.auth;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Turns an {@code Authorization} header into a {@link Principal}, or fails with a 401
 * {@link dev.gavel.acceptor.http.ApiException}. Basic today; a Bearer scheme plugs in here
 * without touching any handler.
 */
public interface Authenticator {

    Future<Principal> authenticate(String authorizationHeader);

    /** The request's credentials; {@link ThrottledAuthenticator} also weighs who sends them, and from where. */
    default Future<Principal> authenticate(HttpServerRequest request) {
        return authenticate(request.getHeader(HttpHeaders.AUTHORIZATION));
    }
}
