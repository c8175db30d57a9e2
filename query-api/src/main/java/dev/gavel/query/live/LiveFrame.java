package dev.gavel.query.live;

import io.micronaut.http.sse.Event;

/**
 * One event ready to send, built once and shared by every subscriber it goes to. {@code bidSeq} is the
 * seq of a {@code bid} event (0 for other events), so a resuming subscriber can skip what it replayed.
 */
record LiveFrame(Event<String> event, long bidSeq, boolean closed) {

    static final LiveFrame HEARTBEAT = new LiveFrame(Event.of("").comment("keepalive"), 0, false);
}
