package dev.gavel.contract.golden;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The golden vectors ({@code golden/vectors.json} in the contract jar), in the style of Wycheproof: each
 * vector has an id, a kind, a comment, its inputs and the expected result. The contract's tests check
 * the contract against them; each service's tests check that its wiring produces the same results.
 */
public final class GoldenVectors {

    public static final String RESOURCE = "/golden/vectors.json";

    private final List<Vector> vectors;

    private GoldenVectors(List<Vector> vectors) {
        this.vectors = List.copyOf(vectors);
    }

    public static GoldenVectors load() {
        try (InputStream in = GoldenVectors.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the class path");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    @SuppressWarnings("unchecked")
    static GoldenVectors parse(String json) {
        Map<String, Object> root = (Map<String, Object>) Json.parse(json);
        List<Object> raw = (List<Object>) root.get("vectors");
        return new GoldenVectors(raw.stream().map(item -> Vector.of((Map<String, Object>) item)).toList());
    }

    public List<Vector> all() {
        return vectors;
    }

    /** The vectors of one kind; never empty, so a test over a kind cannot pass by checking nothing. */
    public List<Vector> ofKind(String kind) {
        List<Vector> found = vectors.stream().filter(vector -> vector.kind().equals(kind)).toList();
        if (found.isEmpty()) {
            throw new IllegalArgumentException("no golden vectors of kind " + kind);
        }
        return found;
    }

    /** One vector; {@code inputs} and {@code expected} are JSON objects. */
    public record Vector(String id, String kind, String comment, Map<String, Object> inputs,
                         Map<String, Object> expected) {

        @SuppressWarnings("unchecked")
        static Vector of(Map<String, Object> map) {
            return new Vector((String) map.get("id"), (String) map.get("kind"), (String) map.get("comment"),
                    (Map<String, Object>) map.get("inputs"), (Map<String, Object>) map.get("expected"));
        }

        public String input(String name) {
            return (String) inputs.get(name);
        }

        public long inputLong(String name) {
            return (Long) inputs.get(name);
        }

        public int inputInt(String name) {
            return Math.toIntExact(inputLong(name));
        }

        public boolean has(String name) {
            return inputs.get(name) != null;
        }

        @SuppressWarnings("unchecked")
        public List<String> inputList(String name) {
            return (List<String>) inputs.get(name);
        }

        public Object expected(String name) {
            return expected.get(name);
        }

        public String expectedText(String name) {
            return (String) expected.get(name);
        }

        public long expectedLong(String name) {
            return (Long) expected.get(name);
        }

        public boolean expectedFlag(String name) {
            return (Boolean) expected.get(name);
        }

        @SuppressWarnings("unchecked")
        public List<String> expectedList(String name) {
            return (List<String>) expected.get(name);
        }

        /** For assertion messages: which vector failed and what it is about. */
        public String describe() {
            return id + " (" + comment + ")";
        }
    }
}
