package dev.gavel.bench.runner;

import java.util.HashMap;
import java.util.Map;

/**
 * The load of the bids-rules scenario (issue 13's cost target): bids through nginx on items with an
 * increment ladder, maximum bids from half the users, built by bench/wrk/requests.lua (BENCH_RISING_CENTS)
 * so that every bid is accepted, and leads: a bid is one recorded bid, with no automatic bid after it (what
 * an automatic bid adds is bench/rules-cost's worst case). A refused bid writes nothing and
 * would flatter Redis's CPU per bid, so the targets table says which share was refused, and the target
 * counts only when almost none was.
 * <p>
 * bids-rising is the same load without the rules: as many items, none with a rule, the same threads, users
 * and rising amounts, no maximum bid. Every bid there leads as well, so the two differ by the rules alone
 * (bids-nginx's random amounts mostly change neither leader nor price, which costs the script less).
 */
final class RulesLoad {

    /** Items with the rules; each wrk thread bids on its own share of them, one after the other. */
    static final int ITEMS = 256;
    static final String ITEM_PREFIX = "bench-rules-";
    /** bids-rising's items: as many, without rules. */
    static final String RISING_ITEM_PREFIX = "bench-rising-";
    /** The ladder: its largest step (0.05) is what the rise and the ceilings below are chosen against. */
    static final String RULES = "{\"increment\": [{\"from\": 0, \"step\": 0.01}, {\"from\": 1000, \"step\": 0.05}]}";
    /** An item's amounts rise by this much from one bid to the next. */
    static final long RISE_CENTS = 100;
    /** A maximum bid's ceiling above its amount: at most the rise - the largest step, so the next bid clears it. */
    static final long MAX_ABOVE_CENTS = 50;
    /** The most bids that may be refused (non-2xx) for the CPU figure to count. */
    static final double MAX_REFUSED_SHARE = 0.02;

    private RulesLoad() {
    }

    /** requests.lua's variables for a run of {@code threads} wrk threads. */
    static Map<String, String> vars(int threads) {
        return Map.of("BENCH_BODY", "{\"amount\": {amount}{max}}", "BENCH_RISING_CENTS", Long.toString(RISE_CENTS),
                "BENCH_MAX_ABOVE_CENTS", Long.toString(MAX_ABOVE_CENTS), "BENCH_THREADS", Integer.toString(threads),
                "BENCH_ITEMS", Integer.toString(ITEMS), "BENCH_ITEM_PREFIX", ITEM_PREFIX);
    }

    /** bids-rising's variables: those of {@link #vars(int)} on the items without rules, and no maximum bid. */
    static Map<String, String> risingVars(int threads) {
        Map<String, String> vars = new HashMap<>(vars(threads));
        vars.put("BENCH_BODY", "{\"amount\": {amount}}");
        vars.put("BENCH_ITEM_PREFIX", RISING_ITEM_PREFIX);
        vars.remove("BENCH_MAX_ABOVE_CENTS");
        return Map.copyOf(vars);
    }

    /** The share of a run's requests that were not answered 2xx (refused bids), 0 for a run of none. */
    static double refusedShare(LoadResult load) {
        return load.requests() == 0 ? 0 : (double) load.non2xx() / load.requests();
    }
}
