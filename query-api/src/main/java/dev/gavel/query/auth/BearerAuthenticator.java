package dev.gavel.query.auth;

import dev.gavel.contract.AuthMessages;
import dev.gavel.contract.BearerToken;
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
    private final AuthThrottle throttle;
    private final ClientAddresses addresses;

    public BearerAuthenticator(TokenService tokens, UserRepository users, AuthThrottle throttle,
                               ClientAddresses addresses) {
        this.tokens = tokens;
        this.users = users;
        this.throttle = throttle;
        this.addresses = addresses;
    }

    @Override
    public Optional<Principal> authenticate(String header) {
        if (header.length() < SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Optional.empty();
        }
        // A token costs no slow hash to check, so no limit refuses one; a failure still counts against the address.
        BearerToken claims = tokens.verify(header.substring(SCHEME.length()).trim()).orElse(null);
        if (claims == null) {
            throttle.failed(null, addresses.current());
            throw ApiException.unauthorized(AuthMessages.INVALID_TOKEN);
        }
        UserDoc user = users.findByUsername(claims.username())
                .filter(found -> found.credVersion() == claims.credVersion())
                .orElse(null);
        if (user == null) {
            throttle.failed(null, addresses.current());
            throw ApiException.unauthorized(AuthMessages.REVOKED_TOKEN);
        }
        return Optional.of(new Principal(user.username(), user.roles(), user.credVersion()));
    }
}
