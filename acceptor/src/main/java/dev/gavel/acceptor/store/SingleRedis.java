package dev.gavel.acceptor.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.Objects;

/** One Redis, and its replicas when writes must reach them: every command on its pipelined connections. */
public final class SingleRedis implements RedisNodes {

    private final PipelinedRedis redis;
    private final NodeCalls calls;

    /** {@code calls}: how writes wait for replicas (none: {@code new NodeCalls(0, 1)}). */
    SingleRedis(PipelinedRedis redis, NodeCalls calls) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.calls = Objects.requireNonNull(calls, "calls");
    }

    /** One Redis whose writes are answered without waiting for replicas. */
    public static SingleRedis of(PipelinedRedis redis) {
        return new SingleRedis(redis, new NodeCalls(0, 1));
    }

    @Override
    public Future<Response> send(Request request, String routingKey, Delivery delivery) {
        return calls.send(redis, request, false, delivery);
    }

    @Override
    public Future<Response> run(Script script, Request evalSha, String routingKey, Delivery delivery) {
        return calls.run(redis, script, evalSha, false, delivery);
    }

    @Override
    public Future<Void> health() {
        return redis.send(Request.cmd(Command.PING)).mapEmpty();
    }

    @Override
    public Future<Void> close() {
        return redis.close();
    }
}
