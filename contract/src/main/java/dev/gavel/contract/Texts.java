package dev.gavel.contract;

/**
 * What text the API stores may hold. No control characters (U+0000 to U+001F, U+007F to U+009F) and no
 * unpaired UTF-16 surrogate: JSON can spell both ({@code "\u0000"}, {@code "\ud800"}), but a control
 * character corrupts what readers show and an unpaired surrogate becomes '?' on its way to UTF-8, so
 * what was stored would silently differ from what the client sent. Both are refused with a 400, by
 * whichever service takes the text.
 */
public final class Texts {

    private Texts() {
    }

    /** A name, a title, a password: every character printable, every surrogate half of a pair. */
    public static boolean isClean(String value) {
        return value != null && check(value, false);
    }

    /** Prose such as a description: as {@link #isClean}, but line breaks and tabs are allowed. */
    public static boolean isCleanProse(String value) {
        return value != null && check(value, true);
    }

    private static boolean check(String value, boolean prose) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c) && !(prose && (c == '\n' || c == '\r' || c == '\t'))) {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }
}
