package dev.gavel.query.bid;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.math.BigDecimal;
import java.util.List;

/** The JSON shapes of the bid reads. */
public final class BidViews {

    private BidViews() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Winner(String item, String user, BigDecimal amount, BigDecimal price, long seq, String ts,
                         @JsonProperty("final") boolean isFinal, @Nullable Boolean reserveMet) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Bid(long seq, String user, BigDecimal amount, String ts, boolean auto) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record BidPage(String item, List<Bid> bids, @Nullable String next) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record UserItem(String item, long bidCount, BigDecimal bestAmount, boolean leading, String lastBidAt) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record UserItemPage(String user, List<UserItem> items, @Nullable String next) {
    }
}
