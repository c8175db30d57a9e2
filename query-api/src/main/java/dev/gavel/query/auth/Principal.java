package dev.gavel.query.auth;

import java.util.List;

/** An authenticated caller: who, with which roles, at which credential version. */
public record Principal(String username, List<String> roles, long credVersion) {

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
