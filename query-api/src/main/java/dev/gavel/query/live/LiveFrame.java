package dev.gavel.query.live;

import java.nio.charset.StandardCharsets;

/**
 * One event ready to send: its text/event-stream bytes, encoded once and shared by every subscriber it goes
 * to. {@code bidSeq} is the seq of a {@code bid} event (0 for other events), so a resuming subscriber can skip
 * what it replayed.
 */
record LiveFrame(byte[] bytes, long bidSeq, boolean closed) {

    static final LiveFrame HEARTBEAT = new LiveFrame(": keepalive\n\n".getBytes(StandardCharsets.UTF_8), 0, false);

    /** An event as the text/event-stream format writes it; {@code id} is left out when null. */
    static LiveFrame of(String name, String id, String data, long bidSeq, boolean closed) {
        StringBuilder text = new StringBuilder(data.length() + 48);
        if (id != null) {
            text.append("id: ").append(id).append('\n');
        }
        // The data is one line of JSON: a serialiser never writes a raw line break inside it.
        text.append("event: ").append(name).append('\n').append("data: ").append(data).append("\n\n");
        return new LiveFrame(text.toString().getBytes(StandardCharsets.UTF_8), bidSeq, closed);
    }
}
