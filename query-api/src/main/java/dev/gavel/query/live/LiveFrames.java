package dev.gavel.query.live;

import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Money;
import dev.gavel.query.item.ItemViews;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.Optional;

/** Builds the live streams' events: names, ids and JSON data as docs/api.md "Live" shows them. */
@Singleton
public class LiveFrames {

    static final String NO_SALE = "no_sale";
    private static final String SOLD = "sold";

    private final JsonMapper json;

    public LiveFrames(JsonMapper json) {
        this.json = json;
    }

    LiveFrame bid(long seq, String user, long amountCents, Optional<Long> priceCents, Optional<Boolean> leading,
                  boolean auto, long tsUs) {
        LiveViews.Bid data = new LiveViews.Bid(seq, user, Money.fromCents(amountCents),
                priceCents.map(Money::fromCents).orElse(null), leading.orElse(null), auto, MicroTime.format(tsUs));
        return LiveFrame.of("bid", id(seq), write(data), seq, false);
    }

    LiveFrame bid(LiveEvent event) {
        return bid(event.seq(), event.user(), event.amountCents(), event.priceCents(), Optional.of(event.leading()),
                event.auto(), event.tsUs());
    }

    LiveFrame extended(long closesAtUs, long lastSeq) {
        return LiveFrame.of("extended", id(lastSeq), write(new LiveViews.Extended(MicroTime.format(closesAtUs))), 0, false);
    }

    /** {@code closesAt}: already ISO-8601, as the item view holds it. */
    LiveFrame extendedAt(String closesAt, long lastSeq) {
        return LiveFrame.of("extended", id(lastSeq), write(new LiveViews.Extended(closesAt)), 0, false);
    }

    LiveFrame closed(Object result, String reason, long lastSeq) {
        return LiveFrame.of("closed", id(lastSeq), write(new LiveViews.Closed(result, reason)), 0, true);
    }

    LiveFrame outbid(String item, Optional<Long> priceCents, String by) {
        return LiveFrame.of("outbid", null, write(new LiveViews.Outbid(item, priceCents.map(Money::fromCents).orElse(null), by)),
                0, false);
    }

    LiveFrame outcome(String name, String item, Object result) {
        return LiveFrame.of(name, null, write(new LiveViews.Outcome(item, result)), 0, false);
    }

    /** An item_closed entry's result in the shape of GET /items/{item}'s {@code result}. */
    static Object result(LiveEvent closed) {
        if (SOLD.equals(closed.result()) && !closed.winner().isEmpty()) {
            BigDecimal price = closed.priceCents().map(Money::fromCents).orElse(null);
            return new ItemViews.Sale(closed.winner(), price);
        }
        return NO_SALE;
    }

    /** A bid's seq as an event id; none (null) before an item's first bid. */
    private static String id(long seq) {
        return seq > 0 ? Long.toString(seq) : null;
    }

    private String write(Object data) {
        try {
            return json.writeValueAsString(data);
        } catch (IOException e) {
            throw new UncheckedIOException("live event not serialisable", e);
        }
    }
}
