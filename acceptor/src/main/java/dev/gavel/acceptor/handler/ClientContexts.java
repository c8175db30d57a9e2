package dev.gavel.acceptor.handler;

import dev.gavel.acceptor.http.ApiException;
import dev.gavel.acceptor.store.ClientContext;
import io.vertx.core.http.HttpServerRequest;

/**
 * Reads the client context from the {@code X-SDK-Version}, {@code X-Platform}, {@code X-Country}
 * and {@code X-Session-Id} headers or, when a header is absent, the {@code sdk_version},
 * {@code platform}, {@code country_code} and {@code session_id} query parameters. A value is at
 * most 32 printable ASCII characters (0x20 to 0x7E); anything else is a 400.
 */
public final class ClientContexts {

    static final int MAX_LENGTH = 32;

    private ClientContexts() {
    }

    public static ClientContext of(HttpServerRequest request) {
        return new ClientContext(
                value(request, "X-SDK-Version", "sdk_version"),
                value(request, "X-Platform", "platform"),
                value(request, "X-Country", "country_code"),
                value(request, "X-Session-Id", "session_id"));
    }

    private static String value(HttpServerRequest request, String header, String param) {
        String value = request.getHeader(header);
        if (value != null) {
            return checked(header, value);
        }
        return checked(param, request.getParam(param));
    }

    static String checked(String source, String value) {
        if (value == null) {
            return "";
        }
        if (value.length() > MAX_LENGTH) {
            throw ApiException.badRequest(source + " must be at most " + MAX_LENGTH + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                throw ApiException.badRequest(source + " must hold printable ASCII characters only");
            }
        }
        return value;
    }
}
