package dev.gavel.query.event;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Sorts;
import dev.gavel.contract.Identifiers;
import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Money;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.paging.Page;
import dev.gavel.query.paging.Paging;
import dev.gavel.query.store.MongoStore;
import dev.gavel.query.store.RedisStore;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.api.async.RedisAsyncCommands;
import jakarta.inject.Singleton;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Archived events from MongoDB, oldest first; dead letters from the partitions' dead-letter streams. */
@Singleton
public class EventService {

    /** Event ids as the write scripts make them: {@code bid:999:17}, {@code certificate:CS-1}. */
    private static final Pattern EVENT_ID = Pattern.compile("[a-z_]{1,32}:[A-Za-z0-9._:-]{1,200}");
    /** A Redis stream id as XADD makes them; at most 19 digits a part, so never past 2^64 - 1. */
    private static final Pattern STREAM_ID = Pattern.compile("(0|[1-9][0-9]{0,18})-(0|[1-9][0-9]{0,18})");
    private static final Pattern PARTITION = Pattern.compile("0|[1-9][0-9]{0,4}");
    private static final Set<String> TYPES = Set.of("bid", "impression", "certificate");

    private final MongoStore mongo;
    private final RedisStore redis;
    private final RedisKeys keys;

    public EventService(MongoStore mongo, RedisStore redis, RedisKeys keys) {
        this.mongo = mongo;
        this.redis = redis;
        this.keys = keys;
    }

    /** Ordered by (ts_us, event id); the cursor is the last pair shown. */
    public EventViews.EventPage events(String type, String item, String user, int limit, String after) {
        List<Bson> filters = new ArrayList<>();
        if (type != null) {
            if (!TYPES.contains(type)) {
                throw ApiException.badRequest("type must be bid, impression or certificate");
            }
            filters.add(Filters.eq("type", type));
        }
        if (item != null) {
            if (!Identifiers.isItemId(item)) {
                throw ApiException.badRequest("item must match [A-Za-z0-9._-]{1,64}");
            }
            filters.add(Filters.eq("item", item));
        }
        if (user != null) {
            if (!Identifiers.isUsername(user)) {
                throw ApiException.badRequest("user must match [A-Za-z0-9._-]{1,32}");
            }
            filters.add(Filters.eq("user", user));
        }
        if (after != null) {
            String[] cursor = Paging.decode(after).split("\\|", 2);
            if (cursor.length != 2 || !EVENT_ID.matcher(cursor[1]).matches()) {
                throw Paging.badCursor();
            }
            long ts = Paging.integer(cursor[0]);
            filters.add(Filters.or(Filters.gt("ts_us", ts),
                    Filters.and(Filters.eq("ts_us", ts), Filters.gt("_id", cursor[1]))));
        }
        Bson filter = filters.isEmpty() ? Filters.empty() : Filters.and(filters);
        List<Document> docs = new ArrayList<>(Page.fetchSize(limit));
        mongo.database().getCollection("events").find(filter)
                .sort(Sorts.ascending("ts_us", "_id")).limit(Page.fetchSize(limit)).into(docs);
        Page<Document> page = Page.of(docs, limit);
        return new EventViews.EventPage(page.map(EventService::view).rows(),
                page.next(last -> last.get("ts_us", Number.class).longValue() + "|" + last.getString("_id")));
    }

    /**
     * Dead letters of every partition, merged in (dead-letter id, partition) order; the cursor is the last
     * pair shown. Each partition is read from the cursor's id on, so a page costs P small XRANGEs.
     */
    public EventViews.DeadLetterPage deadLetters(int limit, String after) {
        String afterId = "0-0";
        int afterPartition = -1;
        if (after != null) {
            String[] cursor = Paging.decode(after).split("\\|", 2);
            if (cursor.length != 2 || !isStreamId(cursor[0])) {
                throw Paging.badCursor();
            }
            afterId = cursor[0];
            afterPartition = partition(cursor[1]);
        }
        RedisAsyncCommands<String, String> async = redis.async();
        List<RedisFuture<List<StreamMessage<String, String>>>> replies = new ArrayList<>();
        for (int p = 0; p < keys.partitions(); p++) {
            replies.add(async.xrange(RedisKeys.deadLetters(p), Range.create(afterId, "+"), Limit.create(0, Page.fetchSize(limit))));
        }
        List<Letter> letters = new ArrayList<>();
        for (int p = 0; p < replies.size(); p++) {
            for (StreamMessage<String, String> entry : redis.await(replies.get(p))) {
                Letter letter = new Letter(entry, p);
                if (compare(letter.id(), letter.partition(), afterId, afterPartition) > 0) {
                    letters.add(letter);
                }
            }
        }
        letters.sort(Comparator.<Letter>naturalOrder());
        Page<Letter> page = Page.of(letters, limit);
        return new EventViews.DeadLetterPage(page.map(Letter::view).rows(),
                page.next(last -> last.id() + "|" + last.partition()));
    }

    private static Map<String, Object> view(Document doc) {
        Map<String, Object> view = new LinkedHashMap<>();
        String type = doc.getString("type");
        view.put("id", doc.getString("_id"));
        view.put("type", type);
        view.put("ts", MicroTime.format(doc.get("ts_us", Number.class).longValue()));
        switch (type) {
            case "bid" -> {
                view.put("item", doc.getString("item"));
                view.put("user", doc.getString("user"));
                view.put("amount", Money.fromCents(doc.get("amount_cents", Number.class).longValue()));
                view.put("seq", doc.get("seq", Number.class).longValue());
            }
            case "impression" -> {
                view.put("item", doc.getString("item"));
                view.put("user", doc.getString("user"));
                for (String field : List.of("sdk_version", "platform", "country", "session_id")) {
                    String value = doc.getString(field);
                    view.put(field, value == null || value.isEmpty() ? null : value);
                }
            }
            default -> {
                view.put("cert_id", doc.getString("cert_id"));
                view.put("class", doc.getString("class"));
                view.put("number", doc.get("number", Number.class).longValue());
                view.put("stakeholder", doc.getString("stakeholder"));
                view.put("amount", doc.get("amount", Number.class).longValue());
                view.put("user", doc.getString("user"));
            }
        }
        return view;
    }

    static int compare(String idA, int partitionA, String idB, int partitionB) {
        long[] a = parts(idA);
        long[] b = parts(idB);
        int byMillis = Long.compare(a[0], b[0]);
        if (byMillis != 0) {
            return byMillis;
        }
        int bySeq = Long.compare(a[1], b[1]);
        return bySeq != 0 ? bySeq : Integer.compare(partitionA, partitionB);
    }

    private static long[] parts(String id) {
        int dash = id.indexOf('-');
        return new long[] {Long.parseLong(id.substring(0, dash)), Long.parseLong(id.substring(dash + 1))};
    }

    private record Letter(StreamMessage<String, String> entry, int partition) implements Comparable<Letter> {

        String id() {
            return entry.getId();
        }

        @Override
        public int compareTo(Letter other) {
            return compare(id(), partition, other.id(), other.partition);
        }

        Map<String, Object> view() {
            Map<String, String> body = entry.getBody();
            Map<String, Object> view = new LinkedHashMap<>();
            view.put("id", entry.getId());
            view.put("partition", partition);
            view.put("stream_id", body.get("stream_id"));
            view.put("reason", body.get("reason"));
            Object fields;
            try {
                fields = new LinkedHashMap<>(Document.parse(body.getOrDefault("fields", "{}")));
            } catch (RuntimeException e) {
                fields = body.get("fields");
            }
            view.put("fields", fields);
            String at = body.get("at_us");
            view.put("at", at == null ? null : MicroTime.format(Long.parseLong(at)));
            return view;
        }
    }

    private static boolean isStreamId(String id) {
        return STREAM_ID.matcher(id).matches();
    }

    /** The partition part of a dead-letter cursor: one this service has. */
    private int partition(String text) {
        if (!PARTITION.matcher(text).matches()) {
            throw Paging.badCursor();
        }
        int partition = Integer.parseInt(text);
        if (partition >= keys.partitions()) {
            throw Paging.badCursor();
        }
        return partition;
    }
}
