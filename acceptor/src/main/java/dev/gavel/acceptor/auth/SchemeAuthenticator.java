package dev.gavel.acceptor.auth;

import dev.gavel.acceptor.http.ApiException;
import dev.gavel.contract.AuthMessages;
import io.vertx.core.Future;
import java.util.Objects;

/** Hands a request to the Basic or the Bearer check, by the scheme its Authorization header names. */
public final class SchemeAuthenticator implements Authenticator {

    private final Authenticator basic;
    private final Authenticator bearer;

    public SchemeAuthenticator(Authenticator basic, Authenticator bearer) {
        this.basic = Objects.requireNonNull(basic, "basic");
        this.bearer = Objects.requireNonNull(bearer, "bearer");
    }

    @Override
    public Future<Principal> authenticate(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            return Future.failedFuture(ApiException.unauthorized(AuthMessages.CREDENTIALS_REQUIRED));
        }
        if (BearerAuthenticator.claims(authorizationHeader)) {
            return bearer.authenticate(authorizationHeader);
        }
        return basic.authenticate(authorizationHeader);
    }
}
