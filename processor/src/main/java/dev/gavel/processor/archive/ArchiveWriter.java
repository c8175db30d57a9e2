package dev.gavel.processor.archive;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.Updates;
import com.mongodb.client.model.WriteModel;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a batch of valid events into MongoDB, idempotently, so a replay after a crash changes nothing:
 * each event is inserted under its event id, and one that is there already is left as it is (a stream
 * entry never changes, so the copy archived first is the same event), and each item's
 * {@code bid_count} and {@code winning_bid} only ever move forward ({@code bid_count} is the highest
 * archived seq; {@code winning_bid} is replaced only by a bid that beats it under the winning rule).
 * Events may arrive in any order.
 *
 * <p>A batch is at most two unordered bulk writes whatever its size (the events, then the items they
 * touch): the archive's cost per event falls as its batches grow, which is what lets it keep up under
 * load. Because an item's fields only move forward, what this writer last wrote to an item is a floor
 * of what MongoDB holds (whichever instance wrote more): an update that would not pass that floor
 * would change nothing and is not sent. Items are never deleted once they have bids.
 */
public final class ArchiveWriter {

    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);
    /** Items whose last written state is remembered; the least recently archived are forgotten first. */
    static final int REMEMBERED_ITEMS = 100_000;

    private final MongoDatabase mongo;
    private final Map<String, Written> written = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Written> eldest) {
            return size() > REMEMBERED_ITEMS;
        }
    };
    private long updatesSkipped;

    /** What this writer last wrote to an item: a bid_count and a winning bid MongoDB has reached. */
    private record Written(long seq, Document winner) {
    }

    public ArchiveWriter(MongoDatabase mongo) {
        this.mongo = mongo;
    }

    /** Item updates left out because MongoDB already held as much (for tests and curiosity). */
    public long updatesSkipped() {
        return updatesSkipped;
    }

    public void write(List<Document> events) {
        if (events.isEmpty()) {
            return;
        }
        List<WriteModel<Document>> inserts = new ArrayList<>(events.size());
        for (Document event : events) {
            inserts.add(new InsertOneModel<>(event));
        }
        // An insert rather than an upsert: one index lookup less per event, and the same result for a
        // replay, whose duplicate-key errors say that those events are archived already.
        try {
            mongo.getCollection("events").bulkWrite(inserts, UNORDERED);
        } catch (MongoBulkWriteException e) {
            if (!onlyDuplicates(e)) {
                throw e;
            }
        }
        updateItems(events);
    }

    /** True when every error of an unordered bulk write is a duplicate key (all other writes were made). */
    static boolean onlyDuplicates(MongoBulkWriteException e) {
        if (e.getWriteConcernError() != null || e.getWriteErrors().isEmpty()) {
            return false;
        }
        for (BulkWriteError error : e.getWriteErrors()) {
            if (ErrorCategory.fromErrorCode(error.getCode()) != ErrorCategory.DUPLICATE_KEY) {
                return false;
            }
        }
        return true;
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
        List<WriteModel<Document>> updates = new ArrayList<>(highestSeq.size() * 2);
        Map<String, Written> after = new LinkedHashMap<>();
        for (Map.Entry<String, Long> entry : highestSeq.entrySet()) {
            String item = entry.getKey();
            long seq = entry.getValue();
            Document bid = best.get(item);
            Written floor = written.get(item);
            long seqFloor = floor == null ? 0 : floor.seq();
            Document winnerFloor = floor == null ? null : floor.winner();
            if (seq > seqFloor) {
                updates.add(new UpdateOneModel<>(Filters.eq("_id", item), Updates.max("bid_count", seq)));
            } else {
                updatesSkipped++;
            }
            if (winnerFloor == null || beats(bid, winnerFloor)) {
                Document winning = new Document("user", bid.getString("user"))
                        .append("amount_cents", bid.getLong("amount_cents"))
                        .append("seq", bid.getLong("seq"))
                        .append("ts_us", bid.getLong("ts_us"));
                updates.add(new UpdateOneModel<>(Filters.and(Filters.eq("_id", item), beatenBy(bid)),
                        Updates.set("winning_bid", winning)));
                winnerFloor = bid;
            } else {
                updatesSkipped++;
            }
            after.put(item, new Written(Math.max(seq, seqFloor), winnerFloor));
        }
        if (!updates.isEmpty()) {
            mongo.getCollection("items").bulkWrite(updates, UNORDERED);
        }
        // Only once MongoDB has them: a failed write must not raise the floor.
        written.putAll(after);
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
