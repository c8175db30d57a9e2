package dev.gavel.query.archive;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import dev.gavel.query.store.DuplicateKeys;
import dev.gavel.query.store.MongoStore;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch of valid events into MongoDB, idempotently, so a replay after a crash changes nothing:
 * each event is an upsert by its event id, and each item's {@code bid_count} and {@code winning_bid}
 * only ever move forward ({@code bid_count} is the highest archived seq; {@code winning_bid} is
 * replaced only by a bid that beats it under the winning rule). Events may arrive in any order.
 */
final class ArchiveWriter {

    private final MongoStore mongo;

    ArchiveWriter(MongoStore mongo) {
        this.mongo = mongo;
    }

    void write(List<Document> events) {
        if (events.isEmpty()) {
            return;
        }
        MongoCollection<Document> collection = mongo.database().getCollection("events");
        List<WriteModel<Document>> upserts = new ArrayList<>(events.size());
        for (Document event : events) {
            upserts.add(new ReplaceOneModel<>(Filters.eq("_id", event.get("_id")), event, new ReplaceOptions().upsert(true)));
        }
        try {
            collection.bulkWrite(upserts);
        } catch (RuntimeException e) {
            if (!DuplicateKeys.isDuplicateKey(e)) {
                throw e;
            }
            collection.bulkWrite(upserts);
        }
        updateItems(events);
    }

    private void updateItems(List<Document> events) {
        Map<String, Document> best = new LinkedHashMap<>();
        Map<String, Long> highestSeq = new LinkedHashMap<>();
        for (Document event : events) {
            if (!"bid".equals(event.getString("type"))) {
                continue;
            }
            String item = event.getString("item");
            highestSeq.merge(item, event.getLong("seq"), Math::max);
            Document current = best.get(item);
            if (current == null || beats(event, current)) {
                best.put(item, event);
            }
        }
        MongoCollection<Document> items = mongo.database().getCollection("items");
        for (Map.Entry<String, Long> entry : highestSeq.entrySet()) {
            items.updateOne(Filters.eq("_id", entry.getKey()), Updates.max("bid_count", entry.getValue()));
            Document bid = best.get(entry.getKey());
            Document winning = new Document("user", bid.getString("user"))
                    .append("amount_cents", bid.getLong("amount_cents"))
                    .append("seq", bid.getLong("seq"))
                    .append("ts_us", bid.getLong("ts_us"));
            items.updateOne(Filters.and(Filters.eq("_id", entry.getKey()), beatenBy(bid)),
                    Updates.set("winning_bid", winning));
        }
    }

    /** The winning rule: highest amount, then earliest ts, then lowest seq. */
    static boolean beats(Document a, Document b) {
        int byAmount = Long.compare(a.getLong("amount_cents"), b.getLong("amount_cents"));
        if (byAmount != 0) {
            return byAmount > 0;
        }
        int byTime = Long.compare(a.getLong("ts_us"), b.getLong("ts_us"));
        if (byTime != 0) {
            return byTime < 0;
        }
        return a.getLong("seq") < b.getLong("seq");
    }

    /** Matches an item whose archived winning bid is absent or loses to {@code bid}. */
    private static Bson beatenBy(Document bid) {
        long amount = bid.getLong("amount_cents");
        long ts = bid.getLong("ts_us");
        long seq = bid.getLong("seq");
        return Filters.or(
                Filters.eq("winning_bid", null),
                Filters.lt("winning_bid.amount_cents", amount),
                Filters.and(Filters.eq("winning_bid.amount_cents", amount), Filters.gt("winning_bid.ts_us", ts)),
                Filters.and(Filters.eq("winning_bid.amount_cents", amount), Filters.eq("winning_bid.ts_us", ts),
                        Filters.gt("winning_bid.seq", seq)));
    }
}
