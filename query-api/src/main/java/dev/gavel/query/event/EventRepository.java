package dev.gavel.query.event;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Money;
import dev.gavel.contract.StreamEntry;
import dev.gavel.query.store.MongoStore;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.List;

/**
 * The events collection as the archive writes it: one document per event, {@code _id} its event id, the
 * stream entry's fields with {@code ts_us} and the amounts as numbers. Read in (ts_us, _id) order, the
 * order of the {@code ts_order} index.
 */
@Singleton
public class EventRepository {

    private static final String COLLECTION = "events";
    private static final String ID = "_id";

    private final MongoStore mongo;

    public EventRepository(MongoStore mongo) {
        this.mongo = mongo;
    }

    /** An event read back, and where it stands in the order (for the next cursor). */
    public record Row(EventPosition position, EventViews.Event event) {
    }

    /** The first {@code count} events that match {@code filter}, oldest first. */
    public List<Row> find(EventFilter filter, int count) {
        List<Document> docs = new ArrayList<>(count);
        mongo.database().getCollection(COLLECTION).find(query(filter))
                .sort(Sorts.ascending(StreamEntry.TS_US, ID)).limit(count).into(docs);
        return docs.stream().map(EventRepository::row).toList();
    }

    private static Bson query(EventFilter filter) {
        List<Bson> parts = new ArrayList<>();
        if (filter.type() != null) {
            parts.add(Filters.eq(StreamEntry.TYPE, filter.type()));
        }
        if (filter.item() != null) {
            parts.add(Filters.eq(StreamEntry.ITEM, filter.item()));
        }
        if (filter.user() != null) {
            parts.add(Filters.eq(StreamEntry.USER, filter.user()));
        }
        EventPosition after = filter.after();
        if (after != null) {
            parts.add(Filters.or(Filters.gt(StreamEntry.TS_US, after.tsUs()),
                    Filters.and(Filters.eq(StreamEntry.TS_US, after.tsUs()), Filters.gt(ID, after.id()))));
        }
        return parts.isEmpty() ? Filters.empty() : Filters.and(parts);
    }

    private static Row row(Document doc) {
        long tsUs = number(doc, StreamEntry.TS_US);
        String id = doc.getString(ID);
        return new Row(new EventPosition(tsUs, id), event(doc, id, MicroTime.format(tsUs)));
    }

    private static EventViews.Event event(Document doc, String id, String ts) {
        String type = doc.getString(StreamEntry.TYPE);
        return switch (type) {
            case StreamEntry.TYPE_BID -> new EventViews.Bid(id, type, ts, doc.getString(StreamEntry.ITEM),
                    doc.getString(StreamEntry.USER), Money.fromCents(number(doc, StreamEntry.AMOUNT_CENTS)),
                    number(doc, StreamEntry.SEQ));
            case StreamEntry.TYPE_IMPRESSION -> new EventViews.Impression(id, type, ts, doc.getString(StreamEntry.ITEM),
                    doc.getString(StreamEntry.USER), context(doc, StreamEntry.SDK_VERSION),
                    context(doc, StreamEntry.PLATFORM), context(doc, StreamEntry.COUNTRY),
                    context(doc, StreamEntry.SESSION_ID));
            case StreamEntry.TYPE_ITEM_CLOSED -> itemClosed(doc, id, type, ts);
            default -> new EventViews.Certificate(id, type, ts, doc.getString(StreamEntry.CERT_ID),
                    doc.getString(StreamEntry.CLASS), number(doc, StreamEntry.NUMBER),
                    doc.getString(StreamEntry.STAKEHOLDER), number(doc, StreamEntry.AMOUNT),
                    doc.getString(StreamEntry.USER));
        };
    }

    /**
     * The archive keeps the close as the processor wrote it; an empty or missing winner, price or
     * reserve_met is null (no winner, no price, no reserve). reserve_met may be a boolean or the stream's 1/0.
     */
    private static EventViews.ItemClosed itemClosed(Document doc, String id, String type, String ts) {
        String winner = context(doc, StreamEntry.WINNER);
        Object price = doc.get(StreamEntry.PRICE_CENTS);
        return new EventViews.ItemClosed(id, type, ts, doc.getString(StreamEntry.ITEM), winner,
                price instanceof Number cents ? Money.fromCents(cents.longValue())
                        : price instanceof String text && !text.isEmpty() ? Money.fromCents(Long.parseLong(text)) : null,
                flag(doc.get(StreamEntry.RESERVE_MET)), doc.getString(StreamEntry.REASON));
    }

    private static Boolean flag(Object value) {
        if (value instanceof Boolean bool) {
            return bool;
        }
        if (value instanceof Number number) {
            return number.longValue() != 0;
        }
        if (value instanceof String text && !text.isEmpty()) {
            return "1".equals(text) || "true".equals(text);
        }
        return null;
    }

    private static long number(Document doc, String field) {
        return doc.get(field, Number.class).longValue();
    }

    /** The archive keeps an impression's context as the stream had it; empty means it was not given. */
    private static String context(Document doc, String field) {
        String value = doc.getString(field);
        return value == null || value.isEmpty() ? null : value;
    }
}
