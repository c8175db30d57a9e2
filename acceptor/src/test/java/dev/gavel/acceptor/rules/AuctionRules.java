package dev.gavel.acceptor.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * An item's rules as query-api mirrors them into the item hash (docs/redis-layout.md): money in cents,
 * the ladder as (from, step) pairs ascending from 0, soft close in seconds, times in microseconds.
 * {@code null} is "not set". Written for tests: the reference model reads it, and {@link #hashFields}
 * writes it into Redis the way query-api does.
 */
public record AuctionRules(long startCents, List<long[]> ladder, Long reserveCents, Long buyNowCents,
                           Long windowSeconds, Long extendSeconds, Long hardCloseAtMicros) {

    public static final AuctionRules NONE = new AuctionRules(0, List.of(), null, null, null, null, null);

    public AuctionRules {
        ladder = List.copyOf(ladder);
    }

    /** step(x): the step of the highest {@code from} not above x; 0 without a ladder. */
    public long step(long x) {
        long step = 0;
        for (long[] rung : ladder) {
            if (rung[0] > x) {
                break;
            }
            step = rung[1];
        }
        return step;
    }

    public boolean hasIncrement() {
        return ladder.stream().anyMatch(rung -> rung[1] > 0);
    }

    public boolean hasSoftClose() {
        return windowSeconds != null && extendSeconds != null;
    }

    /** The item hash fields of these rules, as field, value, field, value... (none for an item without rules). */
    public List<String> hashFields() {
        List<String> fields = new ArrayList<>();
        if (startCents != 0) {
            fields.add("rule_start_cents");
            fields.add(Long.toString(startCents));
        }
        if (!ladder.isEmpty()) {
            StringJoiner text = new StringJoiner(",");
            ladder.forEach(rung -> text.add(rung[0] + ":" + rung[1]));
            fields.add("rule_increment");
            fields.add(text.toString());
        }
        add(fields, "rule_reserve_cents", reserveCents);
        add(fields, "rule_buy_now_cents", buyNowCents);
        add(fields, "rule_window_s", windowSeconds);
        add(fields, "rule_extend_s", extendSeconds);
        add(fields, "rule_hard_close_at_us", hardCloseAtMicros);
        return fields;
    }

    private static void add(List<String> fields, String name, Long value) {
        if (value != null) {
            fields.add(name);
            fields.add(Long.toString(value));
        }
    }

    @Override
    public String toString() {
        StringJoiner text = new StringJoiner(", ", "rules{", "}");
        if (startCents != 0) {
            text.add("start=" + startCents);
        }
        if (!ladder.isEmpty()) {
            StringJoiner rungs = new StringJoiner(",", "[", "]");
            ladder.forEach(rung -> rungs.add(rung[0] + ":" + rung[1]));
            text.add("ladder=" + rungs);
        }
        if (reserveCents != null) {
            text.add("reserve=" + reserveCents);
        }
        if (buyNowCents != null) {
            text.add("buyNow=" + buyNowCents);
        }
        if (hasSoftClose()) {
            text.add("softClose=" + windowSeconds + "s/+" + extendSeconds + "s");
        }
        if (hardCloseAtMicros != null) {
            text.add("hardClose=" + hardCloseAtMicros);
        }
        return text.toString();
    }
}
