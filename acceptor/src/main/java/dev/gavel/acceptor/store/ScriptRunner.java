package dev.gavel.acceptor.store;

import dev.gavel.acceptor.http.ApiException;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Runs a script with EVALSHA. Redis forgets scripts when it restarts, so a NOSCRIPT reply loads
 * the script once (SCRIPT LOAD) on the node that gave it and retries once ({@link NodeCalls}); the whole
 * run stays within one Redis timeout, and its failure says whether the script may have run
 * ({@link RedisStore#write}).
 */
public final class ScriptRunner {

    private final RedisStore store;

    public ScriptRunner(RedisStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /** Runs the script on the partition of its first key (each script's keys share one partition's tag). */
    public Future<Response> run(Script script, List<String> keys, List<String> args) {
        String routingKey = keys.isEmpty() ? null : keys.get(0);
        return store.write(script.name(), redis -> redis.run(script, evalSha(script, keys, args), routingKey));
    }

    /**
     * Runs a write script, once per Idempotency-Key when one is given: {@code idempotentScript} is
     * {@code script.idempotent()}, built once by the caller. A key already used for another request
     * fails with 409 conflict; a key already used for this request answers the recorded reply.
     */
    public Future<Written> write(Script script, Script idempotentScript, List<String> keys, List<String> args,
                                 Idempotency idempotency) {
        if (idempotency == null) {
            return run(script, keys, args).map(reply -> new Written(reply, args, false));
        }
        List<String> allKeys = new ArrayList<>(keys);
        allKeys.add(idempotency.recordKey());
        List<String> allArgs = new ArrayList<>(args);
        allArgs.add(idempotency.fingerprint());
        allArgs.add(Long.toString(Idempotency.TTL_SECONDS));
        return run(idempotentScript, allKeys, allArgs).compose(reply -> {
            String status = reply.get(0).toString();
            if ("idem_conflict".equals(status)) {
                return Future.failedFuture(ApiException.conflict(
                        "this Idempotency-Key was already used for a different request"));
            }
            if ("idem_replay".equals(status)) {
                List<String> firstArgs = new ArrayList<>(reply.get(1).size());
                for (Response arg : reply.get(1)) {
                    firstArgs.add(arg.toString());
                }
                return Future.succeededFuture(new Written(reply.get(2), firstArgs, true));
            }
            return Future.succeededFuture(new Written(reply, args, false));
        });
    }

    private static Request evalSha(Script script, List<String> keys, List<String> args) {
        Request request = Request.cmd(Command.EVALSHA).arg(script.sha1()).arg(keys.size());
        for (String key : keys) {
            request.arg(key);
        }
        for (String arg : args) {
            request.arg(arg);
        }
        return request;
    }
}
