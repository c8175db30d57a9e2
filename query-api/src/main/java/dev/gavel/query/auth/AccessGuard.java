package dev.gavel.query.auth;

import dev.gavel.contract.AuthMessages;
import dev.gavel.query.error.ApiException;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Optional;

/** Authenticates a request's Authorization header with the first scheme that claims it, then checks a role. */
@Singleton
public class AccessGuard {

    private final List<Authenticator> authenticators;

    public AccessGuard(List<Authenticator> authenticators) {
        this.authenticators = List.copyOf(authenticators);
    }

    public Principal requireRole(String authorizationHeader, String role) {
        Principal principal = authenticate(authorizationHeader);
        if (!principal.hasRole(role)) {
            throw ApiException.forbidden("user '" + principal.username() + "' lacks the " + role + " role");
        }
        return principal;
    }

    public Principal authenticate(String authorizationHeader) {
        if (authorizationHeader == null || authorizationHeader.isBlank()) {
            throw ApiException.unauthorized(AuthMessages.CREDENTIALS_REQUIRED);
        }
        for (Authenticator authenticator : authenticators) {
            Optional<Principal> principal = authenticator.authenticate(authorizationHeader);
            if (principal.isPresent()) {
                return principal.get();
            }
        }
        throw ApiException.unauthorized("unsupported authorization scheme");
    }
}
