package dev.gavel.query.event;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.math.BigDecimal;
import java.util.List;

/** The JSON shapes of GET /events: every event has id, type and ts, then the fields of its type (docs/api.md). */
public final class EventViews {

    private EventViews() {
    }

    /** One archived event; it is written out with the fields of its own type. */
    public sealed interface Event permits Bid, Impression, Certificate, ItemClosed {

        String id();

        String type();

        String ts();
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Bid(String id, String type, String ts, String item, String user, BigDecimal amount, long seq)
            implements Event {
    }

    /** The client-context fields are null when the impression did not carry them. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Impression(String id, String type, String ts, String item, String user, @Nullable String sdkVersion,
                             @Nullable String platform, @Nullable String country, @Nullable String sessionId)
            implements Event {
    }

    /** {@code amount} is the number of shares; {@code user} the issuer. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Certificate(String id, String type, String ts, String certId,
                              @JsonProperty("class") String shareClass, long number, String stakeholder, long amount,
                              String user) implements Event {
    }

    /**
     * An item's close: the winner and the final price (null when there was no bid or the reserve was not
     * met), {@code reserve_met} (null for an item without a reserve) and {@code reason} (time or buy_now).
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ItemClosed(String id, String type, String ts, String item, @Nullable String winner,
                             @Nullable BigDecimal price, @Nullable Boolean reserveMet, String reason)
            implements Event {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record EventPage(List<Event> events, @Nullable String next) {
    }
}
