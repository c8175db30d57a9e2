package dev.gavel.query.auth;

import dev.gavel.query.error.ApiException;
import dev.gavel.query.user.UserDoc;
import dev.gavel.query.user.UserRepository;
import jakarta.inject.Singleton;

import java.util.Optional;

/**
 * {@code Bearer} tokens from {@code POST /auth/tokens}: the signature and expiry are checked in memory,
 * then the user's current credential version, so a password or role change revokes older tokens at once.
 * Blocking: call it off the event loop.
 */
@Singleton
public class BearerAuthenticator implements Authenticator {

    private static final String SCHEME = "bearer ";

    private final TokenService tokens;
    private final UserRepository users;

    public BearerAuthenticator(TokenService tokens, UserRepository users) {
        this.tokens = tokens;
        this.users = users;
    }

    @Override
    public Optional<Principal> authenticate(String header) {
        if (header.length() < SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        TokenService.Claims claims = tokens.verify(header.substring(SCHEME.length()).trim())
                .orElseThrow(() -> ApiException.unauthorized("invalid or expired token"));
        UserDoc user = users.findByUsername(claims.username())
                .filter(found -> found.credVersion() == claims.credVersion())
                .orElseThrow(() -> ApiException.unauthorized("the token was issued before a credential change"));
        return Optional.of(new Principal(user.username(), user.roles(), user.credVersion()));
    }
}
