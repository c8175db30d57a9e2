package dev.gavel.query.item;

import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An item's auction rules in integer cents, each absent when not set. {@code increment} is the ladder in the
 * layout's text form {@code from:step,...} (a fixed step {@code 1.00} is {@code 0:100}); the soft close's
 * window and extension are both present or both absent. The same field names are used in MongoDB and in the
 * Redis item hash, so the bid script reads exactly what the catalogue holds.
 */
public record ItemRules(@Nullable Long startCents, @Nullable String increment, @Nullable Long reserveCents,
                        @Nullable Long buyNowCents, @Nullable Long windowS, @Nullable Long extendS,
                        @Nullable Long hardCloseAtUs) {

    public static final String START = "rule_start_cents";
    public static final String INCREMENT = "rule_increment";
    public static final String RESERVE = "rule_reserve_cents";
    public static final String BUY_NOW = "rule_buy_now_cents";
    public static final String WINDOW = "rule_window_s";
    public static final String EXTEND = "rule_extend_s";
    public static final String HARD_CLOSE = "rule_hard_close_at_us";
    /** Every rule field, in the order of the record. */
    public static final List<String> FIELDS = List.of(START, INCREMENT, RESERVE, BUY_NOW, WINDOW, EXTEND, HARD_CLOSE);

    public static final ItemRules NONE = new ItemRules(null, null, null, null, null, null, null);

    /** The rules from a map of field to value (an item hash or a MongoDB document's fields), absent when missing. */
    public static ItemRules fromFields(Map<String, ?> fields) {
        return new ItemRules(number(fields.get(START)), text(fields.get(INCREMENT)), number(fields.get(RESERVE)),
                number(fields.get(BUY_NOW)), number(fields.get(WINDOW)), number(fields.get(EXTEND)),
                number(fields.get(HARD_CLOSE)));
    }

    /** Field to value for every rule that is set, as the Redis item hash stores them (decimal text). */
    public Map<String, String> presentFields() {
        Map<String, String> fields = new LinkedHashMap<>();
        List<Object> values = values();
        for (int i = 0; i < FIELDS.size(); i++) {
            if (values.get(i) != null) {
                fields.put(FIELDS.get(i), values.get(i).toString());
            }
        }
        return fields;
    }

    /** The rule fields that are not set (to be removed from a mirror that may still hold them). */
    public List<String> absentFields() {
        List<String> absent = new ArrayList<>();
        List<Object> values = values();
        for (int i = 0; i < FIELDS.size(); i++) {
            if (values.get(i) == null) {
                absent.add(FIELDS.get(i));
            }
        }
        return absent;
    }

    /** Field to value (null when not set) of every rule field, for a MongoDB $set/$unset. */
    public Map<String, Object> allFields() {
        Map<String, Object> fields = new LinkedHashMap<>();
        List<Object> values = values();
        for (int i = 0; i < FIELDS.size(); i++) {
            fields.put(FIELDS.get(i), values.get(i));
        }
        return fields;
    }

    /** True when the price rules a bid is checked against before the first bid (start, increment) differ. */
    public boolean pricingDiffers(ItemRules other) {
        return !Objects.equals(startCents, other.startCents)
                || !Objects.equals(increment, other.increment);
    }

    private List<Object> values() {
        List<Object> values = new ArrayList<>(FIELDS.size());
        values.add(startCents);
        values.add(increment);
        values.add(reserveCents);
        values.add(buyNowCents);
        values.add(windowS);
        values.add(extendS);
        values.add(hardCloseAtUs);
        return values;
    }

    private static Long number(Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        if (value instanceof String s && !s.isEmpty()) {
            return Long.parseLong(s);
        }
        return null;
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isEmpty() ? s : null;
    }
}
