package dev.gavel.contract;

import java.math.BigDecimal;

/** Money is stored as integer cents and shown as a JSON number in its shortest plain form. */
public final class Money {

    private Money() {
    }

    /** 1250 → 12.5, 1200 → 12, 0 → 0; never exponent notation (100000 → 1000, not 1E+3). */
    public static BigDecimal fromCents(long cents) {
        BigDecimal amount = BigDecimal.valueOf(cents, 2).stripTrailingZeros();
        return amount.scale() < 0 ? amount.setScale(0) : amount;
    }

    /** The amount as it appears in a JSON body. */
    public static String text(long cents) {
        return fromCents(cents).toPlainString();
    }
}
