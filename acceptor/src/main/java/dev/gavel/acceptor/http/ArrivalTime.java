package dev.gavel.acceptor.http;

import dev.gavel.acceptor.time.ArrivalClock;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;

/** The first handler of every request: the moment it reached the acceptor, before anything else runs. */
public final class ArrivalTime implements Handler<RoutingContext> {

    private static final String KEY = "gavel.arrival_us";

    private final ArrivalClock clock;

    public ArrivalTime(ArrivalClock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void handle(RoutingContext ctx) {
        ctx.put(KEY, clock.nowMicros());
        ctx.next();
    }

    public static long of(RoutingContext ctx) {
        Long arrival = ctx.get(KEY);
        if (arrival == null) {
            throw new IllegalStateException("ArrivalTime must run before the endpoint handlers");
        }
        return arrival;
    }
}
