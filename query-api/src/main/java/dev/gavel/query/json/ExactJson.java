package dev.gavel.query.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One member of a JSON object body as a tree whose decimal numbers are exact: Micronaut's own tree holds a
 * number such as {@code 0.1000000000000000001} as the double 0.1, so money read from it could be taken for
 * an amount the client never wrote. Here every decimal is the BigDecimal of its literal text. The body has
 * already been bound (and checked) by Micronaut; this only reads it again.
 */
public final class ExactJson {

    private static final JsonFactory FACTORY = new JsonFactory();

    private ExactJson() {
    }

    /** The value of the top-level member {@code name}, null when the body has none (or is not an object). */
    public static JsonNode member(byte[] body, String name) throws IOException {
        try (JsonParser parser = FACTORY.createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonNode found = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (name.equals(field)) {
                    found = read(parser);
                } else {
                    parser.skipChildren();
                }
            }
            return found;
        }
    }

    private static JsonNode read(JsonParser parser) throws IOException {
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, JsonNode> members = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    parser.nextToken();
                    members.put(field, read(parser));
                }
                return JsonNode.createObjectNode(members);
            }
            case START_ARRAY -> {
                List<JsonNode> values = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    values.add(read(parser));
                }
                return JsonNode.createArrayNode(values);
            }
            case VALUE_NUMBER_INT -> {
                return JsonNode.createNumberNode(parser.getBigIntegerValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return JsonNode.createNumberNode(parser.getDecimalValue());
            }
            case VALUE_STRING -> {
                return JsonNode.createStringNode(parser.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return JsonNode.createBooleanNode(parser.getBooleanValue());
            }
            default -> {
                return JsonNode.nullNode();
            }
        }
    }
}
