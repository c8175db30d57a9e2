package dev.gavel.bench.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseParserTest {

    private record Seen(String type, long id, String data) {
    }

    private final List<Seen> seen = new ArrayList<>();
    private final SseParser parser = new SseParser((type, id, data, length) ->
            seen.add(new Seen(type, id, new String(data, 0, length, StandardCharsets.UTF_8))));

    @Test
    void readsEventsCutAtEveryByte() {
        byte[] stream = (": keepalive\n\nevent: bid\nid: 17\ndata: {\"seq\":17,\"user\":\"u\"}\n\n"
                + "event: extended\nid: 17\ndata: {\"closes_at\":\"x\"}\n\n").getBytes(StandardCharsets.UTF_8);
        for (byte b : stream) {
            parser.feed(new byte[] {b});
        }
        assertEquals(List.of(new Seen("bid", 17, "{\"seq\":17,\"user\":\"u\"}"), new Seen("extended", 17, "{\"closes_at\":\"x\"}")), seen);
        assertEquals(1, parser.comments());
    }

    @Test
    void acceptsCrLfAndCrLineEndsAndJoinsDataLines() {
        parser.feed("event:bid\r\nid:3\r\ndata: a\r\ndata:b\r\n\r\nevent: bid\rid: 4\rdata: c\r\r".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new Seen("bid", 3, "a\nb"), new Seen("bid", 4, "c")), seen);
    }

    @Test
    void crLfSplitBetweenTwoChunksIsOneLineEnd() {
        parser.feed("event: bid\r".getBytes(StandardCharsets.UTF_8));
        parser.feed("\nid: 5\r".getBytes(StandardCharsets.UTF_8));
        parser.feed("\ndata: x\r\n\r".getBytes(StandardCharsets.UTF_8));
        parser.feed("\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new Seen("bid", 5, "x")), seen);
    }

    @Test
    void eventWithoutDataIsNotDispatchedAndFieldsResetAfterAnEvent() {
        parser.feed("event: bid\nid: 9\n\ndata: plain\n\nid: nine\ndata: y\n\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(new Seen("message", -1, "plain"), new Seen("message", -1, "y")), seen);
    }

    @Test
    void partialEventIsHeldUntilItsBlankLine() {
        parser.feed("event: bid\nid: 1\ndata: {}\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), seen);
        parser.feed("\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, seen.size());
    }
}
