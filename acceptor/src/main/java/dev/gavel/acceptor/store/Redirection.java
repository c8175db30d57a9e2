package dev.gavel.acceptor.store;

import io.vertx.redis.client.Response;
import io.vertx.redis.client.ResponseType;
import java.util.Optional;

/**
 * A cluster node's {@code MOVED slot host:port} (the slot is served elsewhere now: update the map) or
 * {@code ASK slot host:port} (the slot is moving, and this key is already there: ask that node once).
 * Either way the node refused the command without running it.
 *
 * @param ask     ASK rather than MOVED
 * @param address the {@code host:port} to send the command to
 */
record Redirection(boolean ask, int slot, String address) {

    /** The redirection in an error reply, if it is one; an address without a host is on {@code fromHost}. */
    static Optional<Redirection> of(Throwable failure, String fromHost) {
        if (!(failure instanceof Response reply) || reply.type() != ResponseType.ERROR || failure.getMessage() == null) {
            return Optional.empty();
        }
        String[] parts = failure.getMessage().trim().split(" ");
        boolean moved = "MOVED".equals(parts[0]);
        if ((!moved && !"ASK".equals(parts[0])) || parts.length != 3) {
            return Optional.empty();
        }
        String address = parts[2];
        if (address.startsWith(":")) {
            address = fromHost + address;
        }
        try {
            return Optional.of(new Redirection(!moved, Integer.parseInt(parts[1]), address));
        } catch (NumberFormatException notASlot) {
            return Optional.empty();
        }
    }
}
