package dev.gavel.bench.live;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental parser of a text/event-stream body (the WHATWG server-sent events format), fed the
 * bytes as they arrive, in chunks cut anywhere. It works on bytes: a line is read where it lies in the
 * chunk (only one the chunk cut is copied, into a reusable array), and an event's data is gathered in
 * another, because on the hot item one subscriber receives thousands of events a second and the tool
 * shares two cores with the server it measures: only an event's type becomes a String, and
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
    private boolean lineCut;
    private long comments;
    private long overlong;

    SseParser(Listener listener) {
        this.listener = listener;
    }

    void feed(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        int end = offset + length;
        int i = offset;
        if (lastWasCr && bytes[i] == '\n') {
            i++;
        }
        lastWasCr = false;
        // A line wholly inside the chunk is read where it lies; only a line cut by the chunk's end is copied.
        while (i < end) {
            int eol = lineEnd(bytes, i, end);
            if (eol < 0) {
                append(bytes, i, end);
                return;
            }
            if (lineLength == 0) {
                endOfLine(bytes, i, eol);
            } else {
                append(bytes, i, eol);
                int n = lineLength;
                lineLength = 0;
                lineCut = false;
                endOfLine(line, 0, n);
            }
            if (bytes[eol] == '\r') {
                if (eol + 1 == end) {
                    lastWasCr = true;
                } else if (bytes[eol + 1] == '\n') {
                    eol++;
                }
            }
            i = eol + 1;
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

    private static int lineEnd(byte[] bytes, int from, int to) {
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '\n' || b == '\r') {
                return i;
            }
        }
        return -1;
    }

    /** Keeps the start of a line the chunk cut, up to 64 KiB. */
    private void append(byte[] bytes, int from, int to) {
        int n = Math.min(to - from, MAX_LINE - lineLength);
        if (n < to - from && !lineCut) {
            lineCut = true;
            overlong++;
        }
        if (lineLength + n > line.length) {
            line = Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(line.length * 2, lineLength + n)));
        }
        System.arraycopy(bytes, from, line, lineLength, n);
        lineLength += n;
    }

    private void endOfLine(byte[] text, int from, int to) {
        if (to == from) {
            dispatch();
            return;
        }
        if (text[from] == ':') {
            comments++;
            return;
        }
        int colon = indexOf(text, from, to, (byte) ':');
        int nameEnd = colon < 0 ? to : colon;
        int valueStart = colon < 0 ? to : colon + 1;
        if (valueStart < to && text[valueStart] == ' ') {
            valueStart++;
        }
        if (is(text, from, nameEnd, DATA)) {
            appendData(text, valueStart, to);
        } else if (is(text, from, nameEnd, EVENT)) {
            type = is(text, valueStart, to, BID_BYTES) ? BID : new String(text, valueStart, to - valueStart, StandardCharsets.UTF_8);
        } else if (is(text, from, nameEnd, ID)) {
            id = number(text, valueStart, to);
        }
    }

    private void appendData(byte[] text, int from, int to) {
        int needed = (hasData ? 1 : 0) + to - from;
        if (dataLength + needed > data.length) {
            data = Arrays.copyOf(data, Math.max(data.length * 2, dataLength + needed));
        }
        if (hasData) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(text, from, data, dataLength, to - from);
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

    private static int indexOf(byte[] bytes, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
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
