package dev.gavel.query.item;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Money;
import dev.gavel.query.json.JsonStrings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.annotation.Serdeable.Deserializable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.math.BigDecimal;
import java.util.List;

/** The JSON shapes of the item endpoints. */
public final class ItemViews {

    private ItemViews() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record NewItem(@Nullable @Deserializable(using = JsonStrings.class) String id,
                          @Nullable @Deserializable(using = JsonStrings.class) String title,
                          @Nullable @Deserializable(using = JsonStrings.class) String description,
                          @Nullable @Deserializable(using = JsonStrings.class) String opensAt,
                          @Nullable @Deserializable(using = JsonStrings.class) String closesAt) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Item(String id, String title, @Nullable String description, @Nullable String opensAt,
                       @Nullable String closesAt, String status, long bidCount, @Nullable Bid winningBid) {

        static Item of(ItemDoc doc, @Nullable ItemState.Snapshot state, long nowUs) {
            Bid winning = state == null ? null : state.lead().map(Bid::of).orElse(null);
            return new Item(doc.id(), doc.title(), doc.description(),
                    doc.opensAtUs() == null ? null : MicroTime.format(doc.opensAtUs()),
                    doc.closesAtUs() == null ? null : MicroTime.format(doc.closesAtUs()),
                    doc.status(nowUs), state == null ? 0 : state.bidCount(), winning);
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record ItemPage(List<Item> items, @Nullable String next) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Bid(String user, BigDecimal amount, long seq, String ts) {

        static Bid of(ItemState.Lead lead) {
            return new Bid(lead.user(), Money.fromCents(lead.amountCents()), lead.seq(), MicroTime.format(lead.tsUs()));
        }
    }
}
