package dev.gavel.bench.runner;

import java.util.Locale;
import java.util.OptionalDouble;

/** Number formats of the report. */
final class Fmt {

    static final String NONE = "-";

    private Fmt() {
    }

    static String ms(long us) {
        return String.format(Locale.ROOT, "%.2f", us / 1000.0);
    }

    static String rps(double rps) {
        return String.format(Locale.ROOT, "%.0f", rps);
    }

    static String us(double us) {
        return String.format(Locale.ROOT, "%.0f", us);
    }

    static String ratio(OptionalDouble ratio) {
        return ratio.isPresent() ? String.format(Locale.ROOT, "%.2f", ratio.getAsDouble()) : NONE;
    }

    static String seconds(double seconds) {
        return String.format(Locale.ROOT, "%.1f", seconds);
    }

    /** A share (0.0123) as a percentage with two decimals ("1.23%"). */
    static String percent(double share) {
        return String.format(Locale.ROOT, "%.2f%%", share * 100);
    }

    /** a / b, empty unless both are there and b is positive. */
    static OptionalDouble divide(double a, double b) {
        return b > 0 && a >= 0 ? OptionalDouble.of(a / b) : OptionalDouble.empty();
    }
}
