package dev.gavel.query.event;

import dev.gavel.query.paging.Paging;

import java.util.regex.Pattern;

/** Where an event stands in the archive's order, (ts_us, event id); the text of the events' cursor. */
record EventPosition(long tsUs, String id) {

    /** Event ids as the write scripts make them: {@code bid:999:17}, {@code certificate:CS-1}. */
    private static final Pattern EVENT_ID = Pattern.compile("[a-z_]{1,32}:[A-Za-z0-9._:-]{1,200}");

    /** The position a cursor names; 400 for anything {@link #text} did not make. */
    static EventPosition parse(String cursor) {
        String[] parts = Paging.decode(cursor).split("\\|", 2);
        if (parts.length != 2 || !EVENT_ID.matcher(parts[1]).matches()) {
            throw Paging.badCursor();
        }
        return new EventPosition(Paging.integer(parts[0]), parts[1]);
    }

    String text() {
        return tsUs + "|" + id;
    }
}
