package dev.gavel.acceptor.rules;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The contract's auction rules (CONTRACT.md v2, "Auctions") written down as plainly as possible, to
 * check bid.lua against: every bid is kept, and the leader, the runner-up and the price are computed
 * again from all of them on every bid, by the contract's words, with no shortcut. Integer cents only.
 */
public final class ReferenceAuction {

    /**
     * One recorded bid, as the bids list shows it: with the item's price after it and whether its user led
     * after it (an automatic bid's user always does).
     */
    public record Recorded(long seq, String user, long amountCents, long tsMicros, boolean auto, long priceCents,
                           boolean leading) {

        /** The entry the bids list holds for it. */
        public String entry() {
            return seq + "|" + user + "|" + amountCents + "|" + tsMicros + "|" + (auto ? "auto" : "") + "|"
                    + priceCents + "|" + (leading ? "1" : "0");
        }

        private Recorded settled(long price, boolean leads) {
            return new Recorded(seq, user, amountCents, tsMicros, auto, price, leads);
        }
    }

    /** What the model says about one bid. */
    public sealed interface Answer {
    }

    /**
     * {@code displaced}: the user the lead passed from to this bid's user (null when it did not pass to them);
     * {@code extendedToMicros}: the closing time this bid moved the item to by soft close (null when it did not).
     */
    public record Accepted(long seq, boolean leading, long priceCents, long minimumBidCents, Long closesAtMicros,
                           boolean closed, long autoSeq, long amountCents, String displaced,
                           Long extendedToMicros) implements Answer {
    }

    public record TooLow(long minimumBidCents) implements Answer {
    }

    public record NotOpen(long closedAtMicros) implements Answer {
    }

    /** A bid a user placed: its ceiling is {@code max(amount, max_amount)} ({@code max_amount} defaults to the amount). */
    private record Placed(long seq, String user, long amountCents, long ceilingCents, long tsMicros) {
    }

    private final AuctionRules rules;
    private final List<Recorded> recorded = new ArrayList<>();
    private final List<Placed> placed = new ArrayList<>();
    private Long closesAtMicros;
    private String buyer;
    private long seq;

    public ReferenceAuction(AuctionRules rules, Long closesAtMicros) {
        this.rules = Objects.requireNonNull(rules, "rules");
        this.closesAtMicros = closesAtMicros;
    }

    public Answer bid(String user, long amountCents, Long maxCents, long tsMicros) {
        if (closesAtMicros != null && (closesAtMicros <= tsMicros || buyer != null)) {
            return new NotOpen(closesAtMicros);
        }
        Long priceBefore = price();
        String leaderBefore = leader();
        boolean buying = rules.buyNowCents() != null && amountCents >= rules.buyNowCents()
                && (priceBefore == null || priceBefore < rules.buyNowCents());
        if (!buying && amountCents < minimumBid()) {
            return new TooLow(minimumBid());
        }
        long bidSeq = ++seq;
        long amount = buying ? rules.buyNowCents() : amountCents;
        long ceiling = Math.max(amount, maxCents == null ? amountCents : Math.max(maxCents, amountCents));
        placed.add(new Placed(bidSeq, user, amount, ceiling, tsMicros));
        Recorded own = new Recorded(bidSeq, user, amount, tsMicros, false, 0, false);
        recorded.add(own);
        String displaced = leaderBefore != null && !leaderBefore.equals(user) ? leaderBefore : null;
        if (buying) {
            buyer = user;
            closesAtMicros = tsMicros;
            recorded.set(recorded.size() - 1, own.settled(amount, true));
            return new Accepted(bidSeq, true, amount, minimumBid(), closesAtMicros, true, 0, amount, displaced, null);
        }
        long price = price();
        String leader = leader();
        recorded.set(recorded.size() - 1, own.settled(price, leader.equals(user)));
        boolean changed = !leader.equals(leaderBefore) || !Objects.equals(priceBefore, price);
        long autoSeq = 0;
        if (changed && price > firm(leader)) {
            autoSeq = ++seq;
            recorded.add(new Recorded(autoSeq, leader, price, tsMicros, true, price, true));
        }
        Long extendedTo = null;
        if (changed && closesAtMicros != null && rules.hasSoftClose()
                && closesAtMicros - tsMicros < rules.windowSeconds() * 1_000_000L) {
            long moved = tsMicros + rules.extendSeconds() * 1_000_000L;
            if (rules.hardCloseAtMicros() != null) {
                moved = Math.min(moved, rules.hardCloseAtMicros());
            }
            if (moved > closesAtMicros) {
                closesAtMicros = moved;
                extendedTo = moved;
            }
        }
        return new Accepted(bidSeq, leader.equals(user), price, minimumBid(), closesAtMicros, false, autoSeq, amount,
                leader.equals(user) ? displaced : null, extendedTo);
    }

    /** The user with the highest ceiling, the earliest to reach it among equals; the buyer once bought. */
    public String leader() {
        if (buyer != null) {
            return buyer;
        }
        return users().stream().max(Comparator.comparingLong(this::ceiling)
                .thenComparing(Comparator.comparing(this::reached, EARLIEST).reversed())).orElse(null);
    }

    /** The highest ceiling of any user but the leader; null when there is no other user. */
    public Long runnerUp() {
        String leader = leader();
        return users().stream().filter(user -> !user.equals(leader)).map(this::ceiling).max(Long::compare).orElse(null);
    }

    /** The contract's price; null while there is no bid. */
    public Long price() {
        String leader = leader();
        if (leader == null) {
            return null;
        }
        if (buyer != null) {
            return rules.buyNowCents();
        }
        long price = firm(leader);
        Long runnerUp = runnerUp();
        if (runnerUp != null) {
            price = Math.max(price, Math.min(ceiling(leader), runnerUp + rules.step(runnerUp)));
        }
        if (rules.reserveCents() != null && ceiling(leader) >= rules.reserveCents()) {
            price = Math.max(price, rules.reserveCents());
        }
        return price;
    }

    public long minimumBid() {
        Long price = price();
        return price != null && rules.hasIncrement() ? price + rules.step(price) : rules.startCents();
    }

    /** reserve_met: null without a reserve, else price ≥ reserve (false while there is no bid). */
    public Boolean reserveMet() {
        if (rules.reserveCents() == null) {
            return null;
        }
        Long price = price();
        return price != null && price >= rules.reserveCents();
    }

    public Long closesAtMicros() {
        return closesAtMicros;
    }

    public boolean boughtNow() {
        return buyer != null;
    }

    public List<Recorded> recorded() {
        return List.copyOf(recorded);
    }

    /** The leader's highest recorded bid (automatic bids included), the earliest among equal amounts: /winner's. */
    public Recorded leadingBid() {
        String leader = leader();
        long firm = firm(leader);
        return recorded.stream().filter(bid -> bid.user().equals(leader) && bid.amountCents() == firm)
                .min(Comparator.comparingLong(Recorded::tsMicros).thenComparingLong(Recorded::seq)).orElseThrow();
    }

    private List<String> users() {
        Map<String, Boolean> users = new LinkedHashMap<>();
        placed.forEach(bid -> users.put(bid.user(), true));
        return List.copyOf(users.keySet());
    }

    private long ceiling(String user) {
        return placed.stream().filter(bid -> bid.user().equals(user)).mapToLong(Placed::ceilingCents).max().orElseThrow();
    }

    /** The user's highest firm amount, automatic bids included. */
    private long firm(String user) {
        return recorded.stream().filter(bid -> bid.user().equals(user)).mapToLong(Recorded::amountCents).max().orElseThrow();
    }

    /** When the user first reached their ceiling: (ts, seq) of the earliest of their bids with that ceiling. */
    private long[] reached(String user) {
        long ceiling = ceiling(user);
        return placed.stream().filter(bid -> bid.user().equals(user) && bid.ceilingCents() == ceiling)
                .map(bid -> new long[] {bid.tsMicros(), bid.seq()})
                .min(EARLIEST).orElseThrow();
    }

    private static final Comparator<long[]> EARLIEST =
            Comparator.<long[]>comparingLong(when -> when[0]).thenComparingLong(when -> when[1]);
}
