package dev.gavel.acceptor.store;

import java.util.Objects;

/**
 * The client context a bid or impression is counted under. Values are already checked (at most
 * 32 printable characters); an empty string means the client did not say.
 */
public record ClientContext(String sdkVersion, String platform, String country, String sessionId) {

    public static final ClientContext NONE = new ClientContext("", "", "", "");

    public ClientContext {
        Objects.requireNonNull(sdkVersion, "sdkVersion");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(country, "country");
        Objects.requireNonNull(sessionId, "sessionId");
    }
}
