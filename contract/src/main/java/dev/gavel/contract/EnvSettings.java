package dev.gavel.contract;

import java.util.Map;

/**
 * How every Gavel process reads a setting from its environment, so that one variable set for the whole
 * stack ({@code GAVEL_PARTITIONS}, {@code GAVEL_REDIS_TIMEOUT_MS}, ...) is accepted or refused alike by
 * each of them: unset or blank means the default, surrounding blanks are ignored, and a value that cannot
 * be used is refused with one line naming the variable.
 */
public final class EnvSettings {

    private EnvSettings() {
    }

    /** An integer from {@code min} to {@code max}. */
    public static int intValue(Map<String, String> env, String name, int defaultValue, int min, int max) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            return defaultValue;
        }
        try {
            int parsed = Integer.parseInt(value.trim());
            if (parsed < min || parsed > max) {
                throw new InvalidSetting(name + " must be between " + min + " and " + max + ", got '" + value + "'");
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw new InvalidSetting(name + " must be an integer, got '" + value + "'");
        }
    }

    /** A text, trimmed. */
    public static String text(Map<String, String> env, String name, String defaultValue) {
        String value = env.get(name);
        return value == null || value.isBlank() ? defaultValue : value.trim();
    }

    /** A setting that cannot be used; its message is one line naming the variable. */
    public static final class InvalidSetting extends RuntimeException {
        public InvalidSetting(String message) {
            super(message);
        }
    }
}
