package dev.gavel.acceptor.handler;

/**
 * What a name may hold: no control characters (U+0000 to U+001F, U+007F to U+009F) and no unpaired
 * UTF-16 surrogate. A JSON string may spell both ({@code "\u0000"}, {@code "\ud800"}); stored, the first
 * corrupts what readers show and the second becomes '?' on its way to UTF-8, so the client's text
 * would silently not be what was recorded. Both are refused instead.
 */
final class Text {

    private Text() {
    }

    /** True when every character is printable and every surrogate is half of a pair. */
    static boolean isClean(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
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
