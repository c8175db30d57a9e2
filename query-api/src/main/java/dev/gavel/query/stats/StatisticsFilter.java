package dev.gavel.query.stats;

import dev.gavel.contract.Identifiers;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.error.ApiException;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Exactly one of username, sdk, platform, country, item. The dimension names the counter key space;
 * {@link #keyPart()} is what goes into the key name, empty when the value could never have been
 * counted (an invalid username or item id, an over-long or non-printable context value).
 */
record StatisticsFilter(String name, String value, String dimension) {

    static final int MAX_CONTEXT_LENGTH = 32;

    static StatisticsFilter of(String username, String sdk, String platform, String country, String item) {
        Map<String, String> given = new LinkedHashMap<>();
        put(given, "username", username);
        put(given, "sdk", sdk);
        put(given, "platform", platform);
        put(given, "country", country);
        put(given, "item", item);
        if (given.size() != 1) {
            throw ApiException.badRequest("give exactly one filter: username, sdk, platform, country or item");
        }
        Map.Entry<String, String> filter = given.entrySet().iterator().next();
        if (filter.getValue().isEmpty()) {
            throw ApiException.badRequest(filter.getKey() + " must not be empty");
        }
        String dimension = "username".equals(filter.getKey()) ? "user" : filter.getKey();
        return new StatisticsFilter(filter.getKey(), filter.getValue(), dimension);
    }

    Optional<String> keyPart() {
        return switch (dimension) {
            case "user" -> Identifiers.isUsername(value) ? Optional.of(value) : Optional.empty();
            case "item" -> Identifiers.isItemId(value) ? Optional.of(value) : Optional.empty();
            default -> isContextValue(value) ? Optional.of(RedisKeys.encode(value)) : Optional.empty();
        };
    }

    private static boolean isContextValue(String value) {
        return value.length() <= MAX_CONTEXT_LENGTH && value.chars().allMatch(c -> c >= 0x20 && c <= 0x7E);
    }

    private static void put(Map<String, String> given, String name, String value) {
        if (value != null) {
            given.put(name, value);
        }
    }
}
