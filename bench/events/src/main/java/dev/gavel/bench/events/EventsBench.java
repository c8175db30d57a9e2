package dev.gavel.bench.events;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.InsertManyOptions;
import org.bson.Document;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Fills an embedded MongoDB with archived events up to each size asked for and, at each size, times the
 * queries GET /events sends: first pages unfiltered and by type, item, user and all three, and deep pages
 * through {@code after}. Prints a Markdown table (milliseconds per query, median and worst of the runs).
 *
 * <pre>java -jar bench/events/target/gavel-bench-events.jar [--sizes 100000,300000,1000000] [--dir D]
 *   [--jar tools/embedded-mongo/target/gavel-embedded-mongo.jar] [--runs 5] [--limit 100]</pre>
 *
 * A directory already filled (by the same seed) is topped up, not refilled, so the same archive can be
 * measured with two builds of the embedded MongoDB.
 */
public final class EventsBench {

    private static final int ITEMS = 10_000;
    private static final int USERS = 2_000;
    private static final int BATCH = 5_000;
    private static final long SEED = 12;
    private static final long SLOW_MILLIS = 2_000;
    /** An item among the hottest hundredth, one of the rest, a user, and where the deep pages start. */
    private static final String HOT_ITEM = ArchiveFill.item(7);
    private static final String COLD_ITEM = ArchiveFill.item(ITEMS / 2 + 3);
    private static final String USER = ArchiveFill.user(7);

    private EventsBench() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        Options options = Options.parse(args);
        Files.createDirectories(options.dir());
        Path log = options.dir().resolveSibling(options.dir().getFileName() + ".log");
        try (MongoChild mongo = MongoChild.start(options.jar(), options.dir(), log);
             MongoClient client = MongoClients.create(MongoClientSettings.builder()
                     .applyConnectionString(new ConnectionString(mongo.uri()))
                     .applyToSocketSettings(s -> s.readTimeout(10, TimeUnit.MINUTES)).build())) {
            MongoCollection<Document> events = client.getDatabase("gavel").getCollection("events");
            ensureIndexes(events);
            out.println("| events | fill s | query | rows | median ms | worst ms |");
            out.println("|---:|---:|---|---:|---:|---:|");
            ArchiveFill fill = new ArchiveFill(SEED, ITEMS, USERS);
            long present = events.estimatedDocumentCount();
            Positions positions = new Positions();
            for (long size : options.sizes()) {
                long started = System.nanoTime();
                fillTo(events, fill, size, present, positions);
                double fillSeconds = (System.nanoTime() - started) / 1e9;
                for (EventsQuery query : queries(positions)) {
                    measure(out, events, query, options, size, fillSeconds);
                }
            }
        }
    }

    /** The indexes query-api's MongoStore.ensureIndexes creates on events (kept in step by hand). */
    private static void ensureIndexes(MongoCollection<Document> events) {
        events.createIndex(Indexes.ascending("ts_us", "_id"), new IndexOptions().name("ts_order"));
        for (String field : List.of("type", "item", "user")) {
            events.createIndex(Indexes.ascending(field, "ts_us", "_id"), new IndexOptions().name(field + "_ts_order"));
        }
    }

    /** Fills up to {@code size}, keeping where the deep pages start: what the generator made, in order. */
    private static void fillTo(MongoCollection<Document> events, ArchiveFill fill, long size, long present,
                               Positions positions) {
        InsertManyOptions unordered = new InsertManyOptions().ordered(false);
        while (fill.made() < size) {
            int count = (int) Math.min(BATCH, size - fill.made());
            long before = fill.made();
            List<Document> batch = fill.next(count);
            positions.note(batch, before, size);
            // Events a previous run archived already are generated again (same seed) but not sent.
            if (before + count > present) {
                List<Document> missing = batch.subList((int) Math.max(0, present - before), count);
                events.insertMany(missing, unordered);
            }
        }
    }

    private static List<EventsQuery> queries(Positions positions) {
        List<EventsQuery> queries = new ArrayList<>();
        queries.add(new EventsQuery("first page", null, null, null, null, null));
        queries.add(new EventsQuery("type=bid", "bid", null, null, null, null));
        queries.add(new EventsQuery("type=certificate", "certificate", null, null, null, null));
        queries.add(new EventsQuery("item (hot)", null, HOT_ITEM, null, null, null));
        queries.add(new EventsQuery("item (cold)", null, COLD_ITEM, null, null, null));
        queries.add(new EventsQuery("user", null, null, USER, null, null));
        queries.add(new EventsQuery("type=bid&item (hot)&user", "bid", HOT_ITEM, USER, null, null));
        Document deep = positions.deep;
        queries.add(new EventsQuery("after (90% deep)", null, null, null, deep.getLong("ts_us"), deep.getString("_id")));
        Document middle = positions.hotItem.get(positions.hotItem.size() / 2);
        queries.add(new EventsQuery("item (hot) after (50%)", null, HOT_ITEM, null, middle.getLong("ts_us"),
                middle.getString("_id")));
        return queries;
    }

    /**
     * Where the deep pages start, taken from the events as generated (oldest first, so an event's place
     * is its (ts_us, _id) place up to ties): the event at 90% of the size, and the hot item's events.
     */
    private static final class Positions {

        private final List<Document> hotItem = new ArrayList<>();
        private Document deep;

        void note(List<Document> batch, long first, long size) {
            long deepAt = size * 9 / 10;
            for (int i = 0; i < batch.size(); i++) {
                Document event = batch.get(i);
                if (first + i == deepAt) {
                    deep = event;
                }
                if (HOT_ITEM.equals(event.getString("item"))) {
                    hotItem.add(new Document("ts_us", event.getLong("ts_us")).append("_id", event.getString("_id")));
                }
            }
        }
    }

    private static void measure(PrintStream out, MongoCollection<Document> events, EventsQuery query,
                                Options options, long size, double fillSeconds) {
        long first = System.nanoTime();
        int rows = query.page(events, options.limit()).size();
        long firstMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - first);
        // A query that scans the whole archive is timed once: repeating it says nothing new and takes minutes.
        long[] millis;
        if (firstMillis > SLOW_MILLIS) {
            millis = new long[] {firstMillis};
        } else {
            millis = new long[options.runs()];
            for (int i = 0; i < millis.length; i++) {
                long started = System.nanoTime();
                query.page(events, options.limit());
                millis[i] = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            }
        }
        Arrays.sort(millis);
        out.printf("| %,d | %.0f | %s | %d | %d | %d |%n", size, fillSeconds, query.name(), rows,
                millis[millis.length / 2], millis[millis.length - 1]);
    }

    private record Options(List<Long> sizes, Path dir, Path jar, int runs, int limit) {

        static Options parse(String[] args) {
            List<Long> sizes = List.of(100_000L, 300_000L, 1_000_000L);
            Path dir = Path.of("/tmp/gavel-bench-events/mongo");
            Path jar = Path.of("tools/embedded-mongo/target/gavel-embedded-mongo.jar");
            int runs = 5;
            int limit = 100;
            for (int i = 0; i + 1 < args.length; i += 2) {
                String value = args[i + 1];
                switch (args[i]) {
                    case "--sizes" -> sizes = Arrays.stream(value.split(",")).map(Long::parseLong).sorted().toList();
                    case "--dir" -> dir = Path.of(value);
                    case "--jar" -> jar = Path.of(value);
                    case "--runs" -> runs = Integer.parseInt(value);
                    case "--limit" -> limit = Integer.parseInt(value);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
            if (args.length % 2 != 0) {
                throw new IllegalArgumentException("every option takes a value");
            }
            return new Options(sizes, dir, jar, runs, limit);
        }
    }
}
