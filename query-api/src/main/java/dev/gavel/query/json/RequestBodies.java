package dev.gavel.query.json;

import dev.gavel.query.error.ApiException;
import dev.gavel.query.error.ErrorMessages;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;

/**
 * Binds a request body a controller took as text (to read part of it again exactly, ExactJson) to its
 * record, as Micronaut would have: with the same mapper, and a body that does not bind is 400.
 */
@Singleton
public class RequestBodies {

    private final JsonMapper mapper;

    public RequestBodies(JsonMapper mapper) {
        this.mapper = mapper;
    }

    /** The body as a {@code type}, null for no body or {@code null}. */
    public <T> T read(String raw, Class<T> type) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return mapper.readValue(raw, type);
        } catch (IOException | RuntimeException e) {
            throw ApiException.badRequest(message(e));
        }
    }

    /** The parser's reason without its location suffix (which names no part of the body anyway). */
    private static String message(Exception e) {
        String text = e.getMessage() == null ? "" : ErrorMessages.oneLine(e.getMessage());
        int location = text.indexOf(" at [Source");
        String reason = (location < 0 ? text : text.substring(0, location)).trim();
        return reason.isEmpty() ? "the body is not valid JSON for this request" : reason;
    }
}
