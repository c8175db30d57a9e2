package dev.gavel.testkit;

import java.util.LinkedHashMap;
import java.util.Map;

/** The fields of a stream entry a test appends, written as name, value pairs in order. */
public final class StreamFields {

    private StreamFields() {
    }

    public static Map<String, String> of(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("fields come in name, value pairs");
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            fields.put(pairs[i], pairs[i + 1]);
        }
        return fields;
    }
}
