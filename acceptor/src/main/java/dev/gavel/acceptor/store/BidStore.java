package dev.gavel.acceptor.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Objects;

/** Records one bid with one run of bid.lua on the item's partition. */
public final class BidStore {

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
        List<String> args = List.of(item, user, Long.toString(amountCents), Long.toString(tsMicros),
                context.sdkVersion(), context.platform(), context.country(), context.sessionId());
        return scripts.write(bidScript, idempotentBidScript, keys.bidScriptKeys(item), args,
                        keys.idempotency(item, user, key))
                .map(written -> written.replayed()
                        ? new BidOutcome.Replayed((BidOutcome.Accepted) outcome(written.reply()),
                                Long.parseLong(written.args().get(3)))
                        : outcome(written.reply()));
    }

    private static BidOutcome outcome(Response reply) {
        String status = reply.get(0).toString();
        switch (status) {
            case "ok":
                return new BidOutcome.Accepted(reply.get(1).toLong(), reply.get(2).toLong() == 1L);
            case "not_found":
                return new BidOutcome.NotFound();
            case "not_open":
                return new BidOutcome.NotOpen("scheduled".equals(reply.get(1).toString()),
                        Long.parseLong(reply.get(2).toString()));
            default:
                throw new IllegalStateException("bid.lua answered an unknown status: " + status);
        }
    }
}
