package dev.gavel.query.live;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.math.BigDecimal;

/** The JSON data of the live streams' events (docs/api.md "Live"): money as JSON numbers, times ISO-8601. */
public final class LiveViews {

    private LiveViews() {
    }

    /** {@code price} and {@code leading} are null for a replayed bid recorded before the list carried them. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Bid(long seq, String user, BigDecimal amount, @Nullable BigDecimal price,
                      @Nullable Boolean leading, boolean auto, String ts) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Extended(String closesAt) {
    }

    /** {@code result}: the item's result as GET /items/{item} shows it ({@code {"winner","price"}} or "no_sale"). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Closed(Object result, String reason) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Outbid(String item, @Nullable BigDecimal price, String by) {
    }

    /** The {@code won} and {@code lost} events. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Outcome(String item, Object result) {
    }
}
