package dev.gavel.acceptor.handler;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.gavel.acceptor.http.ApiException;
import dev.gavel.contract.Identifiers;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads and validates the body of PUT /items/{item}/bids. The amount is read from the number's
 * literal text into a BigDecimal, never through a double, so what the client wrote is what is bid.
 */
public final class BidRequest {

    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final String AMOUNT = "amount";
    /** A larger scale either way cannot be a valid amount written sensibly (the body is at most 1 KiB anyway). */
    private static final int MAX_SCALE = 1000;
    private static final JsonFactory JSON = new JsonFactory();

    private BidRequest() {
    }

    public static String itemId(String item) {
        if (!Identifiers.isItemId(item)) {
            throw ApiException.badRequest("item id must match [A-Za-z0-9._-]{1,64}");
        }
        return item;
    }

    /** The bid amount in cents; no body, or a body without {@code amount}, bids 0. */
    public static long amountCents(Buffer body, String contentType) {
        if (body == null || isBlank(body)) {
            return 0L;
        }
        if (contentType != null && !isJson(contentType)) {
            throw ApiException.unsupportedMediaType("the request body must be application/json");
        }
        try (JsonParser parser = JSON.createParser(body.getBytes())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            BigDecimal amount = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                if (!AMOUNT.equals(field)) {
                    throw ApiException.badRequest("unknown field '" + field + "'; the only field is 'amount'");
                }
                if (amount != null) {
                    throw ApiException.badRequest("amount is given more than once");
                }
                amount = amount(parser.nextToken(), parser);
            }
            if (parser.nextToken() != null) {
                throw ApiException.badRequest("the body must hold exactly one JSON object");
            }
            return amount == null ? 0L : toCents(amount);
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
    }

    private static BigDecimal amount(JsonToken token, JsonParser parser) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return decimal(parser.getText());
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            if (!PLAIN_DECIMAL.matcher(text).matches()) {
                throw ApiException.badRequest("amount as a string must be a plain decimal such as \"12.50\"");
            }
            return decimal(text);
        }
        throw ApiException.badRequest("amount must be a number or a numeric string");
    }

    /**
     * The literal as a BigDecimal, refusing exponents no amount needs: {@code 1e2147483648} does not fit a
     * BigDecimal at all, and {@code 0e2147483647} fits but overflows the scale arithmetic that follows.
     */
    private static BigDecimal decimal(String literal) {
        BigDecimal value;
        try {
            value = new BigDecimal(literal);
        } catch (NumberFormatException e) {
            throw outOfRange();
        }
        if (Math.abs((long) value.scale()) > MAX_SCALE) {
            throw outOfRange();
        }
        return value;
    }

    private static ApiException outOfRange() {
        return ApiException.badRequest("amount must be a number from 0 to 1000000000000 with at most 2 decimal places");
    }

    static long toCents(BigDecimal amount) {
        if (amount.signum() < 0) {
            throw ApiException.badRequest("amount must not be negative");
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            throw ApiException.badRequest("amount must be at most 1000000000000");
        }
        BigDecimal exact = amount.stripTrailingZeros();
        if (exact.scale() > 2) {
            throw ApiException.badRequest("amount must have at most 2 decimal places");
        }
        return exact.movePointRight(2).longValueExact();
    }

    private static boolean isJson(String contentType) {
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim();
        return "application/json".equals(mediaType.toLowerCase(Locale.ROOT));
    }

    private static boolean isBlank(Buffer body) {
        for (int i = 0; i < body.length(); i++) {
            byte b = body.getByte(i);
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return false;
            }
        }
        return true;
    }
}
