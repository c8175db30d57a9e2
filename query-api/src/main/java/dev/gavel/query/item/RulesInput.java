package dev.gavel.query.item;

import dev.gavel.query.error.ApiException;
import io.micronaut.json.tree.JsonNode;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code rules} object of POST /items and PATCH /items/{item} (docs/api.md "Auction rules"), applied
 * onto the rules an item has: every key given replaces that rule, {@code null} removes it, the others stay.
 */
final class RulesInput {

    static final int MAX_LADDER_STEPS = 32;
    static final long MAX_SECONDS = 31_536_000L;
    private static final Set<String> KEYS = Set.of("starting_price", "increment", "reserve_price", "buy_now_price",
            "soft_close");
    private static final Set<String> SOFT_CLOSE_KEYS = Set.of("window_seconds", "extend_seconds", "hard_close_at");
    private static final Set<String> STEP_KEYS = Set.of("from", "step");

    private RulesInput() {
    }

    static ItemRules apply(ItemRules current, JsonNode rules) {
        if (rules == null || rules.isNull()) {
            return current;
        }
        if (!rules.isObject()) {
            throw ApiException.badRequest("rules must be a JSON object");
        }
        Long start = current.startCents();
        String increment = current.increment();
        Long reserve = current.reserveCents();
        Long buyNow = current.buyNowCents();
        Long window = current.windowS();
        Long extend = current.extendS();
        Long hardClose = current.hardCloseAtUs();
        for (Map.Entry<String, JsonNode> entry : rules.entries()) {
            String key = entry.getKey();
            JsonNode value = entry.getValue();
            boolean remove = value.isNull();
            switch (key) {
                case "starting_price" -> start = remove ? null : MoneyInput.cents("starting_price", value);
                case "increment" -> increment = remove ? null : increment(value);
                case "reserve_price" -> reserve = remove ? null : MoneyInput.cents("reserve_price", value);
                case "buy_now_price" -> buyNow = remove ? null : buyNow(value);
                case "soft_close" -> {
                    if (remove) {
                        window = null;
                        extend = null;
                        hardClose = null;
                    } else {
                        requireObject("soft_close", value, SOFT_CLOSE_KEYS);
                        window = seconds("soft_close.window_seconds", value.get("window_seconds"));
                        extend = seconds("soft_close.extend_seconds", value.get("extend_seconds"));
                        JsonNode hard = value.get("hard_close_at");
                        hardClose = hard == null || hard.isNull() ? null : hardCloseAt(hard);
                    }
                }
                default -> throw ApiException.badRequest("unknown rule '" + key + "'; rules are " + String.join(", ",
                        KEYS.stream().sorted().toList()));
            }
        }
        ItemRules applied = new ItemRules(start, increment, reserve, buyNow, window, extend, hardClose);
        if (buyNow != null && start != null && buyNow < start) {
            throw ApiException.badRequest("buy_now_price must be at least starting_price");
        }
        return applied;
    }

    private static long hardCloseAt(JsonNode value) {
        if (!value.isString()) {
            throw ApiException.badRequest("soft_close.hard_close_at must be an ISO-8601 time with an offset");
        }
        return ItemTimes.micros("soft_close.hard_close_at", value.getStringValue());
    }

    private static long buyNow(JsonNode value) {
        long cents = MoneyInput.cents("buy_now_price", value);
        if (cents == 0) {
            throw ApiException.badRequest("buy_now_price must be above 0");
        }
        return cents;
    }

    /** A fixed step ({@code 1.00}, at least 0) or a ladder; as the layout's text {@code from:step,...}. */
    private static String increment(JsonNode value) {
        if (!value.isArray()) {
            return "0:" + MoneyInput.cents("increment", value);
        }
        if (value.size() == 0 || value.size() > MAX_LADDER_STEPS) {
            throw ApiException.badRequest("increment as a ladder must have 1 to " + MAX_LADDER_STEPS + " steps");
        }
        List<String> steps = new ArrayList<>(value.size());
        long previousFrom = -1;
        for (JsonNode step : value.values()) {
            requireObject("each step of the increment ladder", step, STEP_KEYS);
            JsonNode fromNode = step.get("from");
            JsonNode stepNode = step.get("step");
            if (fromNode == null || stepNode == null) {
                throw ApiException.badRequest("each step of the increment ladder needs from and step");
            }
            long from = MoneyInput.cents("increment from", fromNode);
            long cents = MoneyInput.cents("increment step", stepNode);
            if (previousFrom < 0 && from != 0) {
                throw ApiException.badRequest("the increment ladder must start at from 0");
            }
            if (from <= previousFrom) {
                throw ApiException.badRequest("the increment ladder's from values must rise strictly");
            }
            if (cents == 0) {
                throw ApiException.badRequest("every step of the increment ladder must be above 0");
            }
            steps.add(from + ":" + cents);
            previousFrom = from;
        }
        return String.join(",", steps);
    }

    private static long seconds(String field, JsonNode value) {
        if (value == null || !value.isNumber()) {
            throw badSeconds(field);
        }
        Number number = value.getNumberValue();
        BigInteger seconds = number instanceof BigInteger integer ? integer
                : number instanceof Integer || number instanceof Long ? BigInteger.valueOf(number.longValue()) : null;
        if (seconds == null || seconds.signum() <= 0 || seconds.compareTo(BigInteger.valueOf(MAX_SECONDS)) > 0) {
            throw badSeconds(field);
        }
        return seconds.longValueExact();
    }

    private static ApiException badSeconds(String field) {
        return ApiException.badRequest(field + " must be an integer from 1 to " + MAX_SECONDS);
    }

    private static void requireObject(String what, JsonNode value, Set<String> allowed) {
        if (!value.isObject()) {
            throw ApiException.badRequest(what + " must be a JSON object");
        }
        for (Map.Entry<String, JsonNode> entry : value.entries()) {
            if (!allowed.contains(entry.getKey())) {
                throw ApiException.badRequest("unknown field '" + entry.getKey() + "' in " + what);
            }
        }
    }
}
