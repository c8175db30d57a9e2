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

    @Test
    void readsTheSameEventsWhereverTwoCutsFall() {
        // Lines inside a chunk are read where they lie, lines a cut crosses are copied: every mix gives the same.
        byte[] stream = ("event: bid\r\nid: 21\r\ndata: {\"seq\":21}\r\n\r\n: keepalive\n\n"
                + "event: bid\rid: 22\rdata: a\rdata: b\r\r").getBytes(StandardCharsets.UTF_8);
        List<Seen> expected = List.of(new Seen("bid", 21, "{\"seq\":21}"), new Seen("bid", 22, "a\nb"));
        for (int first = 0; first <= stream.length; first++) {
            for (int second = first; second <= stream.length; second++) {
                seen.clear();
                SseParser cut = new SseParser((type, id, data, length) ->
                        seen.add(new Seen(type, id, new String(data, 0, length, StandardCharsets.UTF_8))));
                cut.feed(stream, 0, first);
                cut.feed(stream, first, second - first);
                cut.feed(stream, second, stream.length - second);
                assertEquals(expected, seen, "cut at " + first + " and " + second);
                assertEquals(1, cut.comments(), "cut at " + first + " and " + second);
            }
        }
    }

    @Test
    void cutsALineLongerThan64KibAndCountsItOnce() {
        byte[] data = new byte[70 * 1024];
        java.util.Arrays.fill(data, (byte) 'x');
        parser.feed("data: ".getBytes(StandardCharsets.UTF_8));
        parser.feed(data);
        parser.feed(data);
        parser.feed("\n\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(1, parser.overlong());
        assertEquals(1, seen.size());
        assertEquals(64 * 1024 - "data: ".length(), seen.get(0).data().length());
    }
}
