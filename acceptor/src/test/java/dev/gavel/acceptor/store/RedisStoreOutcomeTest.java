package dev.gavel.acceptor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.metrics.Metrics;
import io.vertx.redis.client.impl.types.ErrorType;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What each failure of a Redis call means for the client (the error replies are Redis's own texts). */
class RedisStoreOutcomeTest {

    private final Metrics metrics = new Metrics();
    private final RedisStore store = new RedisStore(new PipelinedRedis(() -> null, 1, 1000), 1000, metrics);

    @ParameterizedTest
    @ValueSource(strings = {
        "LOADING Redis is loading the dataset in memory",
        "BUSY Redis is busy running a script. You can only call SCRIPT KILL or SHUTDOWN NOSAVE.",
        "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.",
        "CLUSTERDOWN The cluster is down",
        "TRYAGAIN Multiple keys request during rehashing of slot",
        "OOM command not allowed when used memory > 'maxmemory'.",
        "READONLY You can't write against a read only replica.",
        "MOVED 3999 127.0.0.1:6381",
        "ASK 3999 127.0.0.1:6381"})
    void shouldCallARefusalWithoutRunningNotRecordedEvenWhenTheCommandWasSent(String reply) {
        assertInstanceOf(StoreUnavailableException.class, store.classify("bid", ErrorType.create(reply), true));
    }

    @Test
    void shouldCallATimeoutOfASentWriteUnknownAndOfAnUnsentOneNotRecorded() {
        assertInstanceOf(StoreOutcomeUnknownException.class, store.classify("bid", new TimeoutException(), true));
        assertInstanceOf(StoreUnavailableException.class, store.classify("bid", new TimeoutException(), false));
    }

    @Test
    void shouldCallACommandInFlightWhenItsConnectionClosedUnknown() {
        assertInstanceOf(StoreOutcomeUnknownException.class,
                store.classify("bid", ErrorType.create("CONNECTION_CLOSED"), true));
    }

    @Test
    void shouldCallAWriteToAnAlreadyClosedConnectionNotRecorded() {
        assertInstanceOf(StoreUnavailableException.class, store.classify("bid", new ClosedChannelException(), true));
    }

    @Test
    void shouldCallAnyOtherErrorReplyABugAndCountItByCommandAndCode() {
        // when
        Throwable first = store.classify("certificate", ErrorType.create("ERR user_script:3: bad argument"), true);
        store.classify("certificate", ErrorType.create("ERR user_script:3: bad argument"), true);

        // then
        RedisCommandFailedException failed = assertInstanceOf(RedisCommandFailedException.class, first);
        assertEquals("certificate", failed.command());
        assertEquals("ERR", failed.code());
        assertTrue(metrics.render().contains("gavel_redis_error_replies_total{code=\"ERR\",command=\"certificate\"} 2.0\n"),
                metrics.render());
    }
}
