package dev.gavel.contract;

import java.util.regex.Pattern;

/** Item ids and usernames as the contract allows them; nothing else ever reaches a key name. */
public final class Identifiers {

    private static final Pattern ITEM_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._-]{1,32}");

    private Identifiers() {
    }

    public static boolean isItemId(String value) {
        return value != null && ITEM_ID.matcher(value).matches();
    }

    /** Share-class codes follow the item id pattern. */
    public static boolean isClassCode(String value) {
        return isItemId(value);
    }

    public static boolean isUsername(String value) {
        return value != null && USERNAME.matcher(value).matches();
    }
}
