package dev.gavel.acceptor.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Records one view of an item with one run of impression.lua on the item's partition. */
public final class ImpressionStore {

    private final ScriptRunner scripts;
    private final Script impressionScript;
    private final Script idempotentImpressionScript;
    private final Keys keys;

    public ImpressionStore(ScriptRunner scripts, Script impressionScript, Keys keys) {
        this.scripts = Objects.requireNonNull(scripts, "scripts");
        this.impressionScript = Objects.requireNonNull(impressionScript, "impressionScript");
        this.idempotentImpressionScript = impressionScript.idempotent();
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** The item's impression number (1, 2, 3…), or empty when the item does not exist. */
    public Future<Optional<Long>> record(String item, String user, long tsMicros, ClientContext context) {
        return record(item, user, tsMicros, context, null);
    }

    /** Records the view once per Idempotency-Key (none: null); a replay answers the first view's number. */
    public Future<Optional<Long>> record(String item, String user, long tsMicros, ClientContext context,
                                         IdempotencyKey key) {
        List<String> args = List.of(item, user, context.sdkVersion(), context.platform(), context.country(),
                context.sessionId(), Long.toString(tsMicros));
        return scripts.write(impressionScript, idempotentImpressionScript,
                        keys.impressionScriptKeys(item), args, keys.idempotency(item, user, key))
                .map(written -> outcome(written.reply()));
    }

    private static Optional<Long> outcome(Response reply) {
        String status = reply.get(0).toString();
        switch (status) {
            case "ok":
                return Optional.of(reply.get(1).toLong());
            case "not_found":
                return Optional.empty();
            default:
                throw new IllegalStateException("impression.lua answered an unknown status: " + status);
        }
    }
}
