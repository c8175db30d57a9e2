package dev.gavel.acceptor.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * The commands of one call on one Redis node, each group back to back on one of its connections:
 * ASKING before a command an ASK redirection sent here, WAIT behind a write script when replicas must
 * acknowledge writes, and SCRIPT LOAD then the script again when this node answered NOSCRIPT (Redis
 * forgets scripts when it restarts, and each primary of a cluster has scripts of its own).
 */
final class NodeCalls {

    private final int waitReplicas;
    private final long waitTimeoutMs;

    /**
     * {@code waitReplicas} 0: no WAIT. WAIT blocks its connection for up to {@code waitTimeoutMs}, so that
     * is kept well inside the Redis timeout: WAIT then answers its count (an honest 504 with a reason)
     * before the call times out, and the connection has answered before its silence could drop it.
     */
    NodeCalls(int waitReplicas, long waitTimeoutMs) {
        if (waitReplicas < 0) {
            throw new IllegalArgumentException("waitReplicas must not be negative, got " + waitReplicas);
        }
        this.waitReplicas = waitReplicas;
        this.waitTimeoutMs = Math.max(1, waitTimeoutMs);
    }

    /** One command that records nothing; {@code asking}: after ASKING, as an ASK redirection demands. */
    Future<Response> send(PipelinedRedis node, Request request, boolean asking, Delivery delivery) {
        if (!asking) {
            return node.send(request, delivery::written);
        }
        return node.sendAll(List.of(Request.cmd(Command.ASKING), request), delivery::written).get(1);
    }

    /** A write script, loaded here and run once more when this node does not know it. */
    Future<Response> run(PipelinedRedis node, Script script, Request evalSha, boolean asking, Delivery delivery) {
        return write(node, evalSha, asking, delivery).recover(failure -> {
            if (!RedisStore.isErrorReply(failure, "NOSCRIPT")) {
                return Future.failedFuture(failure);
            }
            // The script did not run; loading it records nothing, so only the second run may have run.
            delivery.notRun();
            Request load = Request.cmd(Command.SCRIPT).arg("LOAD").arg(script.source());
            return send(node, load, asking, new Delivery())
                    .compose(loaded -> write(node, evalSha, asking, delivery));
        });
    }

    private Future<Response> write(PipelinedRedis node, Request evalSha, boolean asking, Delivery delivery) {
        if (!delivery.begin()) {
            return Future.failedFuture(new StoreUnavailableException("the write's time was over before it was sent", null));
        }
        if (!asking && waitReplicas == 0) {
            return node.send(evalSha, delivery::written);
        }
        List<Request> requests = new ArrayList<>(3);
        if (asking) {
            requests.add(Request.cmd(Command.ASKING));
        }
        requests.add(evalSha);
        if (waitReplicas > 0) {
            requests.add(Request.cmd(Command.WAIT).arg(waitReplicas).arg(waitTimeoutMs));
        }
        List<Future<Response>> replies = node.sendAll(requests, delivery::written);
        Future<Response> reply = replies.get(asking ? 1 : 0);
        if (waitReplicas == 0) {
            return reply;
        }
        Future<Response> acknowledged = replies.get(replies.size() - 1);
        return reply.compose(written -> acknowledged.transform(acks -> {
            if (acks.succeeded() && acks.result() != null && acks.result().toLong() >= waitReplicas) {
                return Future.succeededFuture(written);
            }
            String seen = acks.succeeded() && acks.result() != null ? acks.result().toString() : "no answer";
            return Future.failedFuture(new StoreOutcomeUnknownException("the write is on the primary, but "
                    + seen + " of " + waitReplicas + " replicas acknowledged it in time", acks.cause()));
        }));
    }
}
