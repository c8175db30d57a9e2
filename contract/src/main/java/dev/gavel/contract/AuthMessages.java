package dev.gavel.contract;

/**
 * The messages of the 401 answers both services give: a client sees the same line for the same refusal
 * whichever service it reached.
 */
public final class AuthMessages {

    public static final String CREDENTIALS_REQUIRED = "credentials are required";
    public static final String BAD_CREDENTIALS = "invalid username or password";
    public static final String MALFORMED_BASIC = "malformed Basic credentials";
    public static final String INVALID_TOKEN = "invalid or expired token";
    public static final String REVOKED_TOKEN = "the token was issued before a credential change";

    private AuthMessages() {
    }
}
