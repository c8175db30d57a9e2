package dev.gavel.acceptor.auth;

import io.vertx.core.Future;

/**
 * Turns an {@code Authorization} header into a {@link Principal}, or fails with a 401
 * {@link dev.gavel.acceptor.http.ApiException}. Basic today; a Bearer scheme plugs in here
 * without touching any handler.
 */
public interface Authenticator {

    Future<Principal> authenticate(String authorizationHeader);
}
