package dev.gavel.query.auth;

import dev.gavel.contract.BearerToken;
import dev.gavel.contract.TokenSecret;
import dev.gavel.query.GavelConfig;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Issues and verifies bearer tokens in the contract's format ({@link BearerToken}) under
 * GAVEL_TOKEN_SECRET (or the stack's token-secret file); the acceptor verifies the same tokens.
 */
@Singleton
public class TokenService {

    private final byte[] secret;
    private final long ttlSeconds;
    private final Clock clock;

    public TokenService(GavelConfig config) {
        this(TokenSecret.resolve(config.getTokenSecret(), config.homeDir()), config.getTokenTtlSeconds(), Clock.systemUTC());
    }

    TokenService(String secret, long ttlSeconds, Clock clock) {
        this.secret = TokenSecret.keyBytes(secret);
        this.ttlSeconds = ttlSeconds;
        this.clock = clock;
    }

    /** A token for the principal that expires ttl seconds from now, in whole seconds. */
    public Issued issue(Principal principal) {
        long expires = clock.instant().getEpochSecond() + ttlSeconds;
        BearerToken token = new BearerToken(principal.username(), principal.credVersion(), principal.roles(), expires);
        return new Issued(token.sign(secret), Instant.ofEpochSecond(expires));
    }

    /** The token's claims when its signature is valid and it has not expired; empty otherwise. */
    public Optional<BearerToken> verify(String token) {
        return BearerToken.verify(token, secret, clock.instant().getEpochSecond());
    }

    /** A freshly signed token and when it expires. */
    public record Issued(String token, Instant expiresAt) {
    }
}
