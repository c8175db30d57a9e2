package dev.gavel.query.live;

import io.netty.buffer.ByteBuf;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A batch's bytes, alone (for Micronaut's path) and framed as one HTTP chunk (for the writes below the encoder). */
class LiveBatchTest {

    @Test
    void shouldJoinTheFramesOnceAndFrameThemAsOneChunk() {
        LiveFrame first = LiveFrame.of("bid", "7", "{\"seq\":7}", 7, false);
        LiveFrame second = LiveFrame.of("closed", "7", "{\"result\":\"sold\"}", 0, true);
        LiveBatch batch = new LiveBatch(List.of(first, second));
        String joined = new String(first.bytes(), StandardCharsets.UTF_8) + new String(second.bytes(), StandardCharsets.UTF_8);

        String payload = text(batch.shared());
        String chunk = text(batch.sharedChunk());

        assertEquals(joined, payload);
        assertEquals(Integer.toHexString(joined.length()) + "\r\n" + joined + "\r\n", chunk);
        // Every writer gets a duplicate of its own: reading one leaves the next whole.
        assertEquals(chunk, text(batch.sharedChunk()));
    }

    private static String text(ByteBuf buffer) {
        try {
            return buffer.toString(StandardCharsets.UTF_8);
        } finally {
            buffer.release();
        }
    }
}
