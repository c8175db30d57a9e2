package dev.gavel.acceptor.handler;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gavel.acceptor.http.ApiException;
import dev.gavel.contract.Identifiers;
import dev.gavel.contract.Texts;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.math.BigInteger;
import java.util.Locale;

/**
 * The body of POST /certificates, validated strictly: exactly {@code name} (a string of 1 to 200
 * characters, not blank, no control characters or unpaired surrogates), {@code amount} (a JSON integer from 1 to
 * {@link #MAX_AMOUNT}) and {@code class} (a share-class code). Anything else is 400.
 */
public record CertificateRequest(String name, long amount, String shareClass) {

    /** The largest class query-api accepts has this many shares, so no grant can be larger. */
    public static final long MAX_AMOUNT = 1_000_000_000_000_000L;
    static final int MAX_NAME_LENGTH = 200;
    private static final JsonFactory JSON = new JsonFactory();

    public static CertificateRequest parse(Buffer body, String contentType) {
        if (body == null || body.length() == 0) {
            throw ApiException.badRequest("a JSON body {\"name\", \"amount\", \"class\"} is required");
        }
        if (contentType == null || !isJson(contentType)) {
            throw ApiException.unsupportedMediaType("the request body must be application/json");
        }
        String name = null;
        BigInteger amount = null;
        String shareClass = null;
        try (JsonParser parser = JSON.createParser(body.getBytes())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "name" -> name = once(name, field, text(value, parser, field));
                    case "amount" -> amount = once(amount, field, integer(value, parser));
                    case "class" -> shareClass = once(shareClass, field, text(value, parser, field));
                    default -> throw ApiException.badRequest("unknown field '" + field
                            + "'; the fields are name, amount and class");
                }
            }
            if (parser.nextToken() != null) {
                throw ApiException.badRequest("the body must hold exactly one JSON object");
            }
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
        return new CertificateRequest(validName(name), validAmount(amount), validClass(shareClass));
    }

    /** The parsed values, for the Idempotency-Key fingerprint: equal requests give equal text. */
    public String canonical() {
        return "class=" + shareClass + "\namount=" + amount + "\nname=" + name;
    }

    private static <T> T once(T previous, String field, T value) {
        if (previous != null) {
            throw ApiException.badRequest(field + " is given more than once");
        }
        return value;
    }

    private static String text(JsonToken token, JsonParser parser, String field) throws IOException {
        if (token != JsonToken.VALUE_STRING) {
            throw ApiException.badRequest(field + " must be a string");
        }
        return parser.getText();
    }

    private static BigInteger integer(JsonToken token, JsonParser parser) throws IOException {
        if (token != JsonToken.VALUE_NUMBER_INT) {
            throw ApiException.badRequest("amount must be a whole number of shares, at least 1");
        }
        return parser.getBigIntegerValue();
    }

    private static String validName(String name) {
        if (name == null) {
            throw ApiException.badRequest("name (the stakeholder) is required");
        }
        int length = name.codePointCount(0, name.length());
        if (length < 1 || length > MAX_NAME_LENGTH || name.isBlank()) {
            throw ApiException.badRequest("name must be 1 to 200 characters and not blank");
        }
        if (!Texts.isClean(name)) {
            throw ApiException.badRequest("name must not contain control characters or unpaired UTF-16 surrogates");
        }
        return name;
    }

    private static long validAmount(BigInteger amount) {
        if (amount == null) {
            throw ApiException.badRequest("amount (the number of shares) is required");
        }
        if (amount.signum() <= 0 || amount.compareTo(BigInteger.valueOf(MAX_AMOUNT)) > 0) {
            throw ApiException.badRequest("amount must be a whole number from 1 to " + MAX_AMOUNT);
        }
        return amount.longValueExact();
    }

    private static String validClass(String shareClass) {
        if (shareClass == null) {
            throw ApiException.badRequest("class (the share-class code) is required");
        }
        if (!Identifiers.isClassCode(shareClass)) {
            throw ApiException.badRequest("class must match [A-Za-z0-9._-]{1,64}");
        }
        return shareClass;
    }

    private static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return "application/json".equals(mediaType.toLowerCase(Locale.ROOT));
    }
}
