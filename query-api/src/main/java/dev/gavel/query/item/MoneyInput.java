package dev.gavel.query.item;

import dev.gavel.query.error.ApiException;
import io.micronaut.json.tree.JsonNode;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * A money value of a request body as integer cents, by the contract's rule for bid amounts: a JSON number
 * or a plain numeric string, from 0 to 1000000000000, at most 2 decimal places. Never through floating point
 * arithmetic: an integer literal is taken as it is, a decimal one from its shortest exact text.
 */
final class MoneyInput {

    static final BigDecimal MAX = new BigDecimal("1000000000000");
    /** A larger scale either way cannot be an amount written sensibly, and would overflow the arithmetic. */
    private static final int MAX_SCALE = 1000;
    private static final Pattern PLAIN_DECIMAL = Pattern.compile("[0-9]{1,13}(\\.[0-9]{1,2})?");

    private MoneyInput() {
    }

    static long cents(String field, JsonNode node) {
        BigDecimal amount = decimal(field, node);
        if (Math.abs((long) amount.scale()) > MAX_SCALE || amount.signum() < 0 || amount.compareTo(MAX) > 0) {
            throw invalid(field);
        }
        BigDecimal exact = amount.stripTrailingZeros();
        if (exact.scale() > 2) {
            throw invalid(field);
        }
        return exact.movePointRight(2).longValueExact();
    }

    private static BigDecimal decimal(String field, JsonNode node) {
        if (node.isString()) {
            if (!PLAIN_DECIMAL.matcher(node.getStringValue()).matches()) {
                throw invalid(field);
            }
            return new BigDecimal(node.getStringValue());
        }
        if (!node.isNumber()) {
            throw invalid(field);
        }
        Number number = node.getNumberValue();
        if (number instanceof BigDecimal decimal) {
            return decimal;
        }
        if (number instanceof BigInteger integer) {
            return new BigDecimal(integer);
        }
        if (number instanceof Integer || number instanceof Long || number instanceof Short || number instanceof Byte) {
            return BigDecimal.valueOf(number.longValue());
        }
        double value = number.doubleValue();
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            throw invalid(field);
        }
        // Only a tree not read by ExactJson holds doubles; their shortest text is the literal of every amount
        // in range (at most 15 significant digits).
        return new BigDecimal(Double.toString(value));
    }

    static ApiException invalid(String field) {
        return ApiException.badRequest(field + " must be a number from 0 to 1000000000000 with at most 2 decimal places");
    }
}
