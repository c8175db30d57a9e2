package dev.gavel.acceptor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.redis.client.impl.types.ErrorType;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** What a cluster node's error reply redirects to (the replies are Redis's own texts). */
class RedirectionTest {

    @Test
    void shouldReadMovedAndAsk() {
        assertEquals(Optional.of(new Redirection(false, 3999, "127.0.0.1:6381")),
                Redirection.of(ErrorType.create("MOVED 3999 127.0.0.1:6381"), "10.0.0.9"));
        assertEquals(Optional.of(new Redirection(true, 12182, "10.0.0.2:7002")),
                Redirection.of(ErrorType.create("ASK 12182 10.0.0.2:7002"), "10.0.0.9"));
    }

    @Test
    void shouldTakeAnAddressWithoutAHostAsOnTheNodeThatAnswered() {
        assertEquals(Optional.of(new Redirection(false, 1, "10.0.0.9:7001")),
                Redirection.of(ErrorType.create("MOVED 1 :7001"), "10.0.0.9"));
    }

    @Test
    void shouldSeeNoRedirectionInOtherFailures() {
        assertEquals(Optional.empty(), Redirection.of(ErrorType.create("TRYAGAIN Multiple keys request during rehashing of slot"), "h"));
        assertEquals(Optional.empty(), Redirection.of(ErrorType.create("CLUSTERDOWN The cluster is down"), "h"));
        assertEquals(Optional.empty(), Redirection.of(ErrorType.create("ERR MOVED is not a command"), "h"));
        assertEquals(Optional.empty(), Redirection.of(new TimeoutException(), "h"));
    }
}
