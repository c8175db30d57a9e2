package dev.gavel.query.live.ops;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/** The JSON shapes of GET /live/operations. */
public final class OperationsViews {

    private OperationsViews() {
    }

    /**
     * One {@code operations} event. The rates count the stream entries this instance read in the last complete
     * second; {@code archiveLagSeconds} is null while Redis does not answer.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Snapshot(long bidsPerSecond, long impressionsPerSecond, long certificatesPerSecond,
                           @Nullable Double archiveLagSeconds, List<Acceptor> acceptors, List<HotItem> hotItems) {
    }

    /** An acceptor instance ({@code host:port}) and whether its /health answered 200 in time. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Acceptor(String instance, boolean healthy) {
    }

    /** An item and its bids per second, averaged over the hot-items window. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record HotItem(String item, double bidsPerSecond) {
    }

    /** The entries of each type counted in one second. */
    public record Rates(long bids, long impressions, long certificates) {
    }
}
