package dev.gavel.query.deadletter;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/** The JSON shapes of GET /events/dead-letter (docs/api.md). */
public final class DeadLetterViews {

    private DeadLetterViews() {
    }

    /**
     * A stream entry the archive refused: its id in the dead-letter stream, the partition, the original entry's
     * id, why, the original fields (a JSON object; the stored text when that is not JSON) and when.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DeadLetter(String id, int partition, @Nullable String streamId, @Nullable String reason,
                             Object fields, @Nullable String at) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record DeadLetterPage(List<DeadLetter> deadLetters, @Nullable String next) {
    }
}
