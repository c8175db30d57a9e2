package dev.gavel.acceptor.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;

/**
 * Where the acceptor's commands go: one Redis ({@link SingleRedis}) or the primaries of a Redis Cluster
 * ({@link ClusterRedis}). Each command names its routing key, the first key it touches (every command and
 * script of the acceptor touches one slot): a cluster sends it to the primary serving that key's slot.
 * The caller's {@link Delivery} is told when a command is written, and when Redis refused it unrun.
 */
public interface RedisNodes {

    /** A command that records nothing (a lookup); {@code routingKey} null: any node. */
    Future<Response> send(Request request, String routingKey, Delivery delivery);

    /**
     * A write script: {@code evalSha} runs {@code script}; a NOSCRIPT reply loads the script on the node
     * that gave it and runs it again. When writes must reach replicas, WAIT follows it on the same
     * connection, and too few acknowledgements fail it with {@link StoreOutcomeUnknownException}.
     */
    Future<Response> run(Script script, Request evalSha, String routingKey, Delivery delivery);

    /** Succeeds when every node that serves writes answers and, on a cluster, says the cluster is ok. */
    Future<Void> health();

    Future<Void> close();
}
