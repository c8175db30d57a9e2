package dev.gavel.query.item;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Money;
import dev.gavel.query.json.JsonStrings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.annotation.Serdeable.Deserializable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** The JSON shapes of the item endpoints. */
public final class ItemViews {

    /** The result of a closed item when there was no bid or the reserve was not met. */
    static final String NO_SALE = "no_sale";

    private ItemViews() {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record NewItem(@Nullable @Deserializable(using = JsonStrings.class) String id,
                          @Nullable @Deserializable(using = JsonStrings.class) String title,
                          @Nullable @Deserializable(using = JsonStrings.class) String description,
                          @Nullable @Deserializable(using = JsonStrings.class) String opensAt,
                          @Nullable @Deserializable(using = JsonStrings.class) String closesAt,
                          @Nullable JsonNode rules) {
    }

    /** PATCH /items/{item}: every part optional; a rule given as null is removed. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record ItemChange(@Nullable @Deserializable(using = JsonStrings.class) String title,
                             @Nullable @Deserializable(using = JsonStrings.class) String description,
                             @Nullable @Deserializable(using = JsonStrings.class) String closesAt,
                             @Nullable JsonNode rules) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Item(String id, String title, @Nullable String description, @Nullable String opensAt,
                       @Nullable String closesAt, String status, long bidCount, @Nullable Bid winningBid,
                       @Nullable BigDecimal price, BigDecimal minimumBid, Rules rules, @Nullable Boolean reserveMet,
                       @Nullable String closedReason, @Nullable Object result) {

        /** The item now; the reserve price is in {@code rules} only when {@code admin}. */
        static Item of(ItemDoc doc, @Nullable ItemState.Snapshot state, long nowUs, boolean admin) {
            LiveItem live = LiveItem.of(doc, state, nowUs);
            Bid winning = live.lead() == null ? null : Bid.of(live.lead());
            return new Item(doc.id(), doc.title(), doc.description(),
                    doc.opensAtUs() == null ? null : MicroTime.format(doc.opensAtUs()),
                    live.closesAtUs() == null ? null : MicroTime.format(live.closesAtUs()),
                    live.status(), live.bidCount(), winning,
                    live.priceCents() == null ? null : Money.fromCents(live.priceCents()),
                    Money.fromCents(live.minimumBidCents()), Rules.of(doc.rules(), admin), live.reserveMet(),
                    live.closedReason(), result(live.outcome()));
        }

        private static Object result(@Nullable LiveItem.Outcome outcome) {
            if (outcome == null) {
                return null;
            }
            return outcome.sold() ? new Sale(outcome.winner(), Money.fromCents(outcome.priceCents())) : NO_SALE;
        }
    }

    /** {@code result} of a closed item that sold. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Sale(String winner, BigDecimal price) {
    }

    /**
     * An item's rules as set, money as JSON numbers; a rule not set is left out ({@code {}} when none).
     * {@code increment} is a number for a fixed step (a ladder of one step from 0) or the ladder.
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rules(@Nullable BigDecimal startingPrice, @Nullable Object increment,
                        @Nullable BigDecimal reservePrice, @Nullable BigDecimal buyNowPrice,
                        @Nullable SoftClose softClose) {

        static Rules of(ItemRules rules, boolean admin) {
            SoftClose softClose = rules.windowS() == null ? null : new SoftClose(rules.windowS(), rules.extendS(),
                    rules.hardCloseAtUs() == null ? null : MicroTime.format(rules.hardCloseAtUs()));
            return new Rules(money(rules.startCents()), increment(rules.increment()),
                    admin ? money(rules.reserveCents()) : null, money(rules.buyNowCents()), softClose);
        }

        private static BigDecimal money(Long cents) {
            return cents == null ? null : Money.fromCents(cents);
        }

        private static Object increment(String ladder) {
            if (ladder == null) {
                return null;
            }
            List<Step> steps = new ArrayList<>();
            for (String step : ladder.split(",")) {
                int colon = step.indexOf(':');
                steps.add(new Step(Money.fromCents(Long.parseLong(step.substring(0, colon))),
                        Money.fromCents(Long.parseLong(step.substring(colon + 1)))));
            }
            return steps.size() == 1 ? steps.get(0).step() : steps;
        }
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Step(BigDecimal from, BigDecimal step) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SoftClose(long windowSeconds, long extendSeconds, @Nullable String hardCloseAt) {
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
