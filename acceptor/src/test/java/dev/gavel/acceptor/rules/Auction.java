package dev.gavel.acceptor.rules;

import java.util.List;
import java.util.StringJoiner;

/**
 * One random auction of the property tests: its rules, its closing time, and the bids in arrival order.
 * Its toString is what a failing property prints after shrinking, so it reads like a story: money in
 * cents, times in seconds after the item opened ({@link #T0}).
 */
public record Auction(AuctionRules rules, Long closesAtOffsetMicros, List<Step> steps) {

    /** The moment every random auction opens (microseconds since the epoch). */
    public static final long T0 = 1_795_000_000_000_000L;

    public Auction {
        steps = List.copyOf(steps);
    }

    /** One bid: who, the firm amount, the optional ceiling, and its arrival after the previous bid (may be negative). */
    public record Step(String user, long amountCents, Long maxCents, long gapMicros) {
    }

    public Long closesAtMicros() {
        return closesAtOffsetMicros == null ? null : T0 + closesAtOffsetMicros;
    }

    /** The arrival time of each bid: the previous one plus its gap (clocks of two acceptors may disagree). */
    public long[] arrivals() {
        long[] ts = new long[steps.size()];
        long now = T0;
        for (int i = 0; i < steps.size(); i++) {
            now += steps.get(i).gapMicros();
            ts[i] = now;
        }
        return ts;
    }

    @Override
    public String toString() {
        StringJoiner text = new StringJoiner("\n  ", "\nAuction " + rules
                + ", closes " + (closesAtOffsetMicros == null ? "never" : "at " + seconds(closesAtOffsetMicros)) + "\n  ", "\n");
        long[] ts = arrivals();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            text.add((i + 1) + ". at " + seconds(ts[i] - T0) + " " + step.user() + " bids " + step.amountCents()
                    + (step.maxCents() == null ? "" : " max " + step.maxCents()));
        }
        return text.toString();
    }

    private static String seconds(long micros) {
        long abs = Math.abs(micros);
        return String.format("%s%d.%06ds", micros < 0 ? "-" : "+", abs / 1_000_000L, abs % 1_000_000L);
    }
}
