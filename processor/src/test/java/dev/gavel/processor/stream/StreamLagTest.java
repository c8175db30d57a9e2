package dev.gavel.processor.stream;

import io.lettuce.core.StreamMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The archive's lag is what the group has not acknowledged, not what the stream still holds: done entries stay a
 * few seconds for the live streams (StreamTrimmer) and must not show as lag.
 */
class StreamLagTest {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private StreamOfFive streams;

    @BeforeEach
    void start() {
        streams = new StreamOfFive();
    }

    @AfterEach
    void stop() {
        streams.close();
    }

    @Test
    void shouldCountThePendingAndTheUndeliveredEntriesFromTheOldestPendingOne() throws InterruptedException {
        // given: three read, two of them acknowledged; two not read yet
        List<StreamMessage<String, String>> read = streams.read(3);
        streams.acknowledge(read.subList(0, 2));
        Thread.sleep(20);

        // when
        new StreamLag(streams.connection, 1, meters).update();

        // then
        assertEquals(3, gauge("gavel.archive.lag.entries"));
        double age = gauge("gavel.archive.lag.seconds");
        double sinceThird = (System.currentTimeMillis() - StreamIds.millisOf(streams.ids.get(2))) / 1000.0;
        assertTrue(age > 0 && age <= sinceThird, "lag " + age + " s, the third entry is " + sinceThird + " s old");
    }

    @Test
    void shouldReportNoLagForEntriesArchivedButStillKept() throws InterruptedException {
        // given: everything read and acknowledged, nothing trimmed
        streams.acknowledge(streams.read(5));
        Thread.sleep(20);

        // when
        new StreamLag(streams.connection, 1, meters).update();

        // then
        assertEquals(5, streams.redis.xlen(streams.stream));
        assertEquals(0, gauge("gavel.archive.lag.entries"));
        assertEquals(0, gauge("gavel.archive.lag.seconds"));
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }
}
