package dev.gavel.acceptor.store;

import io.vertx.redis.client.Response;
import java.util.List;
import java.util.Objects;

/**
 * What a write script answered, with the arguments it ran with. On a replay of an Idempotency-Key
 * both are the first request's, so the answer can be rendered exactly as it was then.
 */
public record Written(Response reply, List<String> args, boolean replayed) {

    public Written {
        Objects.requireNonNull(reply, "reply");
        args = List.copyOf(args);
    }
}
