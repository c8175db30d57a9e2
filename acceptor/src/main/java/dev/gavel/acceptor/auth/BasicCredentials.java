package dev.gavel.acceptor.auth;

import dev.gavel.acceptor.http.ApiException;
import dev.gavel.contract.AuthMessages;
import dev.gavel.contract.Identifiers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The username and password of a {@code Basic} Authorization header, validated before any lookup. */
public record BasicCredentials(String username, String password) {

    private static final String SCHEME = "basic ";

    public static BasicCredentials parse(String header) {
        if (header == null || header.isBlank()) {
            throw ApiException.unauthorized(AuthMessages.CREDENTIALS_REQUIRED);
        }
        if (header.length() <= SCHEME.length() || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            throw ApiException.unauthorized("only Basic credentials are accepted");
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(SCHEME.length()).trim()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiException.unauthorized(AuthMessages.MALFORMED_BASIC);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw ApiException.unauthorized(AuthMessages.MALFORMED_BASIC);
        }
        String username = decoded.substring(0, colon);
        if (!Identifiers.isUsername(username)) {
            throw ApiException.unauthorized(AuthMessages.BAD_CREDENTIALS);
        }
        return new BasicCredentials(username, decoded.substring(colon + 1));
    }

    @Override
    public String toString() {
        return "BasicCredentials[username=" + username + "]";
    }
}
