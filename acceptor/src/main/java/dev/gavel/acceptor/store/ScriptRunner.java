package dev.gavel.acceptor.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Objects;

/**
 * Runs a script with EVALSHA. Redis forgets scripts when it restarts, so a NOSCRIPT reply loads
 * the script once (SCRIPT LOAD) and retries once; the whole run stays within one Redis timeout.
 */
public final class ScriptRunner {

    private final RedisStore store;

    public ScriptRunner(RedisStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    public Future<Response> run(Script script, List<String> keys, List<String> args) {
        return store.bounded(store.send(evalSha(script, keys, args))
                .recover(failure -> RedisStore.isErrorReply(failure, "NOSCRIPT")
                        ? store.send(Request.cmd(Command.SCRIPT).arg("LOAD").arg(script.source()))
                                .compose(loaded -> store.send(evalSha(script, keys, args)))
                        : Future.failedFuture(failure)));
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
