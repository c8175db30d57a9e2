package dev.gavel.query.support;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Checks shared by the API tests. */
public final class Assertions {

    private Assertions() {
    }

    /** The contract's error: the status, {"error": code, "message": one line}, nothing else, as JSON. */
    public static void assertError(Response response, int status, String code) {
        assertEquals(status, response.status(), response.toString());
        Map<String, Object> json = response.json();
        assertEquals(code, json.get("error"), response.toString());
        assertEquals(2, json.size(), response.toString());
        String message = json.get("message").toString();
        assertFalse(message.isBlank());
        assertFalse(message.contains("\n"));
        String contentType = response.header("Content-Type");
        assertTrue(contentType != null && contentType.startsWith("application/json"), String.valueOf(contentType));
    }
}
