package dev.gavel.query.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;
import java.util.Map;

/** The JSON shapes of the event endpoints; an event's fields depend on its type (docs/api.md). */
public final class EventViews {

    private EventViews() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record EventPage(List<Map<String, Object>> events, @Nullable String next) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DeadLetterPage(List<Map<String, Object>> deadLetters, @Nullable String next) {
    }
}
