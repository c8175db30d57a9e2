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
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * Reads and validates the body of PUT /items/{item}/bids. The amount and the maximum bid are read
 * from the number's literal text into a BigDecimal, never through a double, so what the client wrote
 * is what is bid.
 */
public final class BidRequest {

    static final BigDecimal MAX_AMOUNT = new BigDecimal("1000000000000");
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]+(\\.[0-9]+)?");
    private static final String AMOUNT = "amount";
    private static final String MAX_AMOUNT_FIELD = "max_amount";
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
        return amounts(body, contentType).amountCents();
    }

    /**
     * The bid's amount and maximum bid in cents; no body, or a body without {@code amount}, bids 0. A
     * {@code max_amount} below the amount is 400: the contract lets no ceiling sit under the firm bid.
     */
    public static BidAmounts amounts(Buffer body, String contentType) {
        if (body == null || isBlank(body)) {
            return BidAmounts.of(0L);
        }
        if (contentType != null && !isJson(contentType)) {
            throw ApiException.unsupportedMediaType("the request body must be application/json");
        }
        try (JsonParser parser = JSON.createParser(body.getBytes())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw ApiException.badRequest("the body must be a JSON object");
            }
            BigDecimal amount = null;
            BigDecimal max = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                if (AMOUNT.equals(field)) {
                    if (amount != null) {
                        throw ApiException.badRequest("amount is given more than once");
                    }
                    amount = amount(AMOUNT, parser.nextToken(), parser);
                } else if (MAX_AMOUNT_FIELD.equals(field)) {
                    if (max != null) {
                        throw ApiException.badRequest("max_amount is given more than once");
                    }
                    max = amount(MAX_AMOUNT_FIELD, parser.nextToken(), parser);
                } else {
                    throw ApiException.badRequest("unknown field '" + field + "'; the fields are 'amount' and 'max_amount'");
                }
            }
            if (parser.nextToken() != null) {
                throw ApiException.badRequest("the body must hold exactly one JSON object");
            }
            long amountCents = amount == null ? 0L : toCents(AMOUNT, amount);
            if (max == null) {
                return BidAmounts.of(amountCents);
            }
            long maxCents = toCents(MAX_AMOUNT_FIELD, max);
            if (maxCents < amountCents) {
                throw ApiException.badRequest("max_amount must not be below amount");
            }
            return new BidAmounts(amountCents, OptionalLong.of(maxCents));
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
    }

    private static BigDecimal amount(String name, JsonToken token, JsonParser parser) throws IOException {
        if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
            return decimal(name, parser.getText());
        }
        if (token == JsonToken.VALUE_STRING) {
            String text = parser.getText();
            if (!PLAIN_DECIMAL.matcher(text).matches()) {
                throw ApiException.badRequest(name + " as a string must be a plain decimal such as \"12.50\"");
            }
            return decimal(name, text);
        }
        throw ApiException.badRequest(name + " must be a number or a numeric string");
    }

    /**
     * The literal as a BigDecimal, refusing exponents no amount needs: {@code 1e2147483648} does not fit a
     * BigDecimal at all, and {@code 0e2147483647} fits but overflows the scale arithmetic that follows.
     */
    private static BigDecimal decimal(String name, String literal) {
        BigDecimal value;
        try {
            value = new BigDecimal(literal);
        } catch (NumberFormatException e) {
            throw outOfRange(name);
        }
        if (Math.abs((long) value.scale()) > MAX_SCALE) {
            throw outOfRange(name);
        }
        return value;
    }

    private static ApiException outOfRange(String name) {
        return ApiException.badRequest(name + " must be a number from 0 to 1000000000000 with at most 2 decimal places");
    }

    static long toCents(BigDecimal amount) {
        return toCents(AMOUNT, amount);
    }

    private static long toCents(String name, BigDecimal amount) {
        if (amount.signum() < 0) {
            throw ApiException.badRequest(name + " must not be negative");
        }
        if (amount.compareTo(MAX_AMOUNT) > 0) {
            throw ApiException.badRequest(name + " must be at most 1000000000000");
        }
        BigDecimal exact = amount.stripTrailingZeros();
        if (exact.scale() > 2) {
            throw ApiException.badRequest(name + " must have at most 2 decimal places");
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
