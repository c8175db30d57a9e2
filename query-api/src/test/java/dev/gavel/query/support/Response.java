package dev.gavel.query.support;

import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;

/** A raw HTTP answer: status, headers, body text, and the body parsed as a JSON object. */
public record Response(int status, HttpHeaders headers, String body, JsonMapper mapper) {

    public Map<String, Object> json() {
        try {
            return mapper.readValue(body, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException("not a JSON object: " + body, e);
        }
    }

    @SuppressWarnings("unchecked")
    public List<Map<String, Object>> list(String field) {
        return (List<Map<String, Object>>) json().get(field);
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    @Override
    public String toString() {
        return status + " " + body;
    }
}
