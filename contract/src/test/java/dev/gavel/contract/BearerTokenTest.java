package dev.gavel.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BearerTokenTest {

    private static final byte[] SECRET = "the-secret".getBytes(StandardCharsets.UTF_8);
    private static final long NOW = 1_800_000_000L;

    @Test
    void shouldAcceptAValidTokenWithItsClaims() {
        // given
        String token = new BearerToken("john", 3, List.of("bidder", "issuer"), NOW + 60).sign(SECRET);

        // when
        Optional<BearerToken> verified = BearerToken.verify(token, SECRET, NOW);

        // then
        assertTrue(verified.isPresent());
        assertEquals("john", verified.get().username());
        assertEquals(3, verified.get().credVersion());
        assertEquals(List.of("bidder", "issuer"), verified.get().roles());
    }

    @Test
    void shouldRefuseAnExpiredToken() {
        // given
        String token = new BearerToken("john", 1, List.of("bidder"), NOW).sign(SECRET);

        // when / then
        assertTrue(BearerToken.verify(token, SECRET, NOW).isEmpty());
        assertTrue(BearerToken.verify(token, SECRET, NOW - 1).isPresent());
    }

    @Test
    void shouldRefuseATokenSignedWithAnotherSecret() {
        // given
        String token = new BearerToken("john", 1, List.of("bidder"), NOW + 60)
                .sign("another-secret".getBytes(StandardCharsets.UTF_8));

        // when / then
        assertTrue(BearerToken.verify(token, SECRET, NOW).isEmpty());
    }

    @Test
    void shouldRefuseATokenWhosePayloadWasChanged() {
        // given
        String token = new BearerToken("john", 1, List.of("bidder"), NOW + 60).sign(SECRET);
        String forgedPayload = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1:john:1:bidder,issuer,admin:" + (NOW + 60)).getBytes(StandardCharsets.UTF_8));
        String forged = forgedPayload + token.substring(token.indexOf('.'));

        // when / then
        assertTrue(BearerToken.verify(forged, SECRET, NOW).isEmpty());
    }

    @Test
    void shouldRefuseATokenWhoseSignatureWasChanged() {
        // given
        String token = new BearerToken("john", 1, List.of("bidder"), NOW + 60).sign(SECRET);
        char last = token.charAt(token.length() - 2);
        String tampered = token.substring(0, token.length() - 2) + (last == 'A' ? 'B' : 'A') + token.charAt(token.length() - 1);

        // when / then
        assertTrue(BearerToken.verify(tampered, SECRET, NOW).isEmpty());
    }

    @Test
    void shouldRefuseMalformedTokens() {
        for (String token : new String[] {"", ".", "abc", "a.b.c", "!!!.???", "x".repeat(2000)}) {
            assertTrue(BearerToken.verify(token, SECRET, NOW).isEmpty(), token);
        }
    }
}
