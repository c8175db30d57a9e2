package dev.gavel.contract;

/**
 * Item ids and usernames as the contract allows them ({@code [A-Za-z0-9._-]}, at most 64 and 32 characters);
 * nothing else ever reaches a key name. Checked character by character: every write checks both, and a
 * regular expression's matcher cost more than the rest of the check.
 */
public final class Identifiers {

    private static final int MAX_ITEM_ID = 64;
    private static final int MAX_USERNAME = 32;

    private Identifiers() {
    }

    public static boolean isItemId(String value) {
        return allowed(value, MAX_ITEM_ID);
    }

    /** Share-class codes follow the item id pattern. */
    public static boolean isClassCode(String value) {
        return isItemId(value);
    }

    public static boolean isUsername(String value) {
        return allowed(value, MAX_USERNAME);
    }

    private static boolean allowed(String value, int maxLength) {
        if (value == null || value.isEmpty() || value.length() > maxLength) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '.' || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
