package dev.gavel.query.live;

import dev.gavel.query.support.TestStack;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.netty.util.concurrent.EventExecutor;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The HTTP server runs two event loops per core by default (GAVEL_QUERY_EVENT_LOOPS_PER_CORE): the live streams'
 * writes are spread over them.
 */
class EventLoopsTest {

    @Test
    void shouldRunTwoEventLoopsPerCoreByDefault() {
        EventLoopGroupRegistry registry = TestStack.get().context().getBean(EventLoopGroupRegistry.class);
        int loops = 0;
        for (EventExecutor ignored : registry.getDefaultEventLoopGroup()) {
            loops++;
        }
        assertEquals(2 * Runtime.getRuntime().availableProcessors(), loops);
    }
}
