package dev.gavel.query.event;

import io.micronaut.core.annotation.Nullable;

/** What GET /events asks for, already checked: every part optional, all of them must match. */
record EventFilter(@Nullable String type, @Nullable String item, @Nullable String user,
                   @Nullable EventPosition after) {
}
