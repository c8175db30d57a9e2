package dev.gavel.bench.live;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental parser of a text/event-stream body (the WHATWG server-sent events format), fed the
 * bytes as they arrive, in chunks cut anywhere. It works on bytes and keeps one line and one event's
 * data in reusable arrays, because on the hot item one subscriber receives thousands of events a
 * second and ten thousand subscribers share two cores: only an event's type becomes a String, and
 * the common {@code bid} type is never allocated.
 *
 * <p>Lines end in LF, CR LF or CR; a line starting with ':' is a comment; "field: value" (one space
 * after the colon is dropped); a blank line dispatches the event (an event with no data is not
 * dispatched, as the format says). {@code id} is kept as a number (-1 when the event has none, or
 * when it is not a decimal number).
 */
final class SseParser {

    /** Receives each complete event; {@code data} is valid only during the call (the first {@code length} bytes). */
    interface Listener {
        void event(String type, long id, byte[] data, int length);
    }

    static final String BID = "bid";
    static final String MESSAGE = "message";

    private static final int MAX_LINE = 64 * 1024;
    private static final byte[] BID_BYTES = BID.getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ID = "id".getBytes(StandardCharsets.US_ASCII);

    private final Listener listener;
    private byte[] line = new byte[256];
    private int lineLength;
    private byte[] data = new byte[256];
    private int dataLength;
    private boolean hasData;
    private String type = MESSAGE;
    private long id = -1;
    private boolean lastWasCr;
    private long comments;
    private long overlong;

    SseParser(Listener listener) {
        this.listener = listener;
    }

    void feed(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            byte b = bytes[i];
            if (b == '\n') {
                if (lastWasCr) {
                    lastWasCr = false;
                    continue;
                }
                endOfLine();
            } else if (b == '\r') {
                lastWasCr = true;
                endOfLine();
            } else {
                lastWasCr = false;
                append(b);
            }
        }
    }

    void feed(byte[] bytes) {
        feed(bytes, 0, bytes.length);
    }

    /** Comment lines seen (the server's keepalives). */
    long comments() {
        return comments;
    }

    /** Lines longer than 64 KiB, cut (never expected from the server). */
    long overlong() {
        return overlong;
    }

    private void append(byte b) {
        if (lineLength == line.length) {
            if (line.length >= MAX_LINE) {
                overlong++;
                return;
            }
            line = Arrays.copyOf(line, line.length * 2);
        }
        line[lineLength++] = b;
    }

    private void endOfLine() {
        int n = lineLength;
        lineLength = 0;
        if (n == 0) {
            dispatch();
            return;
        }
        if (line[0] == ':') {
            comments++;
            return;
        }
        int colon = indexOf(line, n, (byte) ':');
        int nameEnd = colon < 0 ? n : colon;
        int valueStart = colon < 0 ? n : colon + 1;
        if (valueStart < n && line[valueStart] == ' ') {
            valueStart++;
        }
        if (is(line, 0, nameEnd, DATA)) {
            appendData(valueStart, n);
        } else if (is(line, 0, nameEnd, EVENT)) {
            type = is(line, valueStart, n, BID_BYTES) ? BID : new String(line, valueStart, n - valueStart, StandardCharsets.UTF_8);
        } else if (is(line, 0, nameEnd, ID)) {
            id = number(line, valueStart, n);
        }
    }

    private void appendData(int from, int to) {
        int needed = (hasData ? 1 : 0) + to - from;
        if (dataLength + needed > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + needed));
        }
        if (hasData) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(line, from, data, dataLength, to - from);
        dataLength += to - from;
        hasData = true;
    }

    private void dispatch() {
        if (hasData) {
            listener.event(type, id, data, dataLength);
        }
        hasData = false;
        dataLength = 0;
        type = MESSAGE;
        // The last event ID persists across events in the format; each of our events carries its own.
        id = -1;
    }

    private static int indexOf(byte[] bytes, int length, byte b) {
        for (int i = 0; i < length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static boolean is(byte[] bytes, int from, int to, byte[] expected) {
        return Arrays.equals(bytes, from, to, expected, 0, expected.length);
    }

    private static long number(byte[] bytes, int from, int to) {
        if (from == to || to - from > 18) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            if (bytes[i] < '0' || bytes[i] > '9') {
                return -1;
            }
            value = value * 10 + (bytes[i] - '0');
        }
        return value;
    }
}
