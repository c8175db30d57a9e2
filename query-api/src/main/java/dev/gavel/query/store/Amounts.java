package dev.gavel.query.store;

import java.math.BigDecimal;

/** Money is stored as integer cents and shown as a JSON number in its shortest form. */
public final class Amounts {

    private Amounts() {
    }

    /** 1250 → 12.5, 1200 → 12, 0 → 0; never exponent notation (100000 → 1000, not 1E+3). */
    public static BigDecimal fromCents(long cents) {
        BigDecimal amount = BigDecimal.valueOf(cents, 2).stripTrailingZeros();
        return amount.scale() < 0 ? amount.setScale(0) : amount;
    }
}
