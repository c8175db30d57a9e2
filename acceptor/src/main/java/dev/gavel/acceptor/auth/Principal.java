package dev.gavel.acceptor.auth;

import java.util.Objects;
import java.util.Set;

/** Who is calling, once authenticated: a username and the roles the credential mirror grants. */
public record Principal(String username, Set<String> roles) {

    public Principal {
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
