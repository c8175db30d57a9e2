package dev.gavel.query.auth;

import java.util.Optional;

/**
 * One authentication scheme ({@code Basic} now, {@code Bearer} tokens later). A scheme
 * answers empty when the header is not its own, and throws a 401 {@code ApiException} when
 * the header is its own but the credentials are wrong.
 */
public interface Authenticator {

    Optional<Principal> authenticate(String authorizationHeader);
}
