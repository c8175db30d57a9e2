package dev.gavel.acceptor.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/** Records one bid with one run of bid.lua on the item's partition. */
public final class BidStore {

    /** Positions in bid.lua's ARGV (0-based here): the arrival time and the ceiling. */
    private static final int ARG_TS = 3;
    private static final int ARG_MAX = 8;

    private final ScriptRunner scripts;
    private final Script bidScript;
    private final Script idempotentBidScript;
    private final Keys keys;

    public BidStore(ScriptRunner scripts, Script bidScript, Keys keys) {
        this.scripts = Objects.requireNonNull(scripts, "scripts");
        this.bidScript = Objects.requireNonNull(bidScript, "bidScript");
        this.idempotentBidScript = bidScript.idempotent();
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    public Future<BidOutcome> place(String item, String user, long amountCents, long tsMicros, ClientContext context) {
        return place(item, user, amountCents, tsMicros, context, null);
    }

    /** Places the bid once per Idempotency-Key (none: null); a replay answers the first bid. */
    public Future<BidOutcome> place(String item, String user, long amountCents, long tsMicros, ClientContext context,
                                    IdempotencyKey key) {
        return place(item, user, amountCents, OptionalLong.empty(), tsMicros, context, key);
    }

    /**
     * Places a bid with an optional maximum bid (its ceiling, in cents) once per Idempotency-Key (none:
     * null); a replay answers the first bid, with the first request's ceiling.
     */
    public Future<BidOutcome> place(String item, String user, long amountCents, OptionalLong maxCents, long tsMicros,
                                    ClientContext context, IdempotencyKey key) {
        List<String> args = List.of(item, user, Long.toString(amountCents), Long.toString(tsMicros),
                context.sdkVersion(), context.platform(), context.country(), context.sessionId(),
                maxCents.isPresent() ? Long.toString(maxCents.getAsLong()) : "");
        return scripts.write(bidScript, idempotentBidScript, keys.bidScriptKeys(item), args,
                        keys.idempotency(item, user, key))
                .map(written -> written.replayed()
                        ? new BidOutcome.Replayed((BidOutcome.Accepted) outcome(written.reply()),
                                Long.parseLong(written.args().get(ARG_TS)), firstMax(written.args()))
                        : outcome(written.reply()));
    }

    /** The first request's ceiling; a record written before ceilings existed has no such argument. */
    private static OptionalLong firstMax(List<String> args) {
        if (args.size() <= ARG_MAX || args.get(ARG_MAX).isEmpty()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(Long.parseLong(args.get(ARG_MAX)));
    }

    private static BidOutcome outcome(Response reply) {
        String status = reply.get(0).toString();
        switch (status) {
            case "ok":
                return accepted(reply);
            case "too_low":
                return new BidOutcome.TooLow(number(reply.get(1)));
            case "not_found":
                return new BidOutcome.NotFound();
            case "not_open":
                return new BidOutcome.NotOpen("scheduled".equals(reply.get(1).toString()),
                        Long.parseLong(reply.get(2).toString()));
            default:
                throw new IllegalStateException("bid.lua answered an unknown status: " + status);
        }
    }

    /**
     * {@code {'ok', seq, leading, price, minimum_bid, closes_at_us or '', status, auto_seq or 0, amount}};
     * a reply recorded by the v1 script (an Idempotency-Key replay across the upgrade) has only the first
     * three, and then the money fields are {@link BidOutcome#UNKNOWN}.
     */
    private static BidOutcome.Accepted accepted(Response reply) {
        long seq = reply.get(1).toLong();
        boolean leading = reply.get(2).toLong() == 1L;
        if (reply.size() < 9) {
            return new BidOutcome.Accepted(seq, leading, BidOutcome.UNKNOWN, BidOutcome.UNKNOWN, BidOutcome.NO_CLOSE,
                    false, 0L, BidOutcome.UNKNOWN);
        }
        String closesAt = reply.get(5).toString();
        return new BidOutcome.Accepted(seq, leading, number(reply.get(3)), number(reply.get(4)),
                closesAt.isEmpty() ? BidOutcome.NO_CLOSE : Long.parseLong(closesAt),
                "closed".equals(reply.get(6).toString()), reply.get(7).toLong(), number(reply.get(8)));
    }

    private static long number(Response value) {
        return Long.parseLong(value.toString());
    }
}
