package dev.gavel.query.recent;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.math.BigDecimal;
import java.util.List;

/** The JSON shape of one entry of GET /users/{username}/recent-items. */
public final class RecentItemsView {

    private RecentItemsView() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record RecentItem(String id, @Nullable String title, @Nullable BigDecimal winningAmount, List<String> recent) {
    }
}
