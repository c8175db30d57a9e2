package dev.gavel.query.auth;

import dev.gavel.contract.BearerToken;
import dev.gavel.contract.golden.GoldenVectors.Vector;
import dev.gavel.contract.golden.GoldenVectors;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The tokens query-api issues and accepts are the contract's golden vectors, byte for byte. */
class TokenServiceGoldenVectorsTest {

    private static final GoldenVectors VECTORS = GoldenVectors.load();

    @Test
    void shouldIssueTheTokensOfTheVectors() {
        for (Vector vector : VECTORS.ofKind("token-issue")) {
            Clock clock = Clock.fixed(Instant.ofEpochMilli(vector.inputLong("now_epoch_ms")), ZoneOffset.UTC);
            TokenService tokens = new TokenService(vector.input("secret"), vector.inputLong("ttl_seconds"), clock);

            TokenService.Issued issued = tokens.issue(new Principal(vector.input("username"), vector.inputList("roles"),
                    vector.inputLong("cred_version")));

            assertEquals(vector.expectedText("token"), issued.token(), vector.describe());
            assertEquals(vector.expectedLong("expires_at_epoch_s"), issued.expiresAt().getEpochSecond(), vector.describe());
        }
    }

    @Test
    void shouldAcceptOnlyTheTokensTheVectorsAccept() {
        for (Vector vector : VECTORS.ofKind("token-verify")) {
            Clock clock = Clock.fixed(Instant.ofEpochSecond(vector.inputLong("now_epoch_s")), ZoneOffset.UTC);
            TokenService tokens = new TokenService(vector.input("secret"), 3600, clock);

            Optional<BearerToken> verified = tokens.verify(vector.input("token"));

            assertEquals(vector.expectedFlag("valid"), verified.isPresent(), vector.describe());
            verified.ifPresent(token -> assertEquals(vector.expectedLong("cred_version"), token.credVersion(), vector.describe()));
        }
    }
}
