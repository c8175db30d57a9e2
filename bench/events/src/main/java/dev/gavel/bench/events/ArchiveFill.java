package dev.gavel.bench.events;

import org.bson.Document;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Archived events as the processor writes them (EventParser, then BatchApplier adds partition and
 * stream_id), in time order: mostly bids, some impressions and certificates, over many items and users.
 * Deterministic for a seed, so two runs fill the same archive.
 */
final class ArchiveFill {

    static final long START_US = 1_780_000_000_000_000L;
    private static final int PARTITIONS = 4;
    private static final String[] COUNTRIES = {"DE", "FR", "US", "GB", "JP"};
    private static final String[] PLATFORMS = {"ios", "android", "web"};

    private final SplittableRandom random;
    private final int items;
    private final int users;
    private final Map<Integer, Long> bidSeq = new HashMap<>();
    private final Map<Integer, Long> impressionSeq = new HashMap<>();
    private long certificates;
    private long tsUs = START_US;
    private long streamMs = START_US / 1000;
    private long streamSeq;
    private long made;

    ArchiveFill(long seed, int items, int users) {
        this.random = new SplittableRandom(seed);
        this.items = items;
        this.users = users;
    }

    static String item(int n) {
        return "item-" + n;
    }

    static String user(int n) {
        return "user" + n;
    }

    long made() {
        return made;
    }

    /** The next {@code count} events, oldest first. */
    List<Document> next(int count) {
        List<Document> batch = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            batch.add(next());
        }
        return batch;
    }

    private Document next() {
        // About 20,000 events a second; one in ten shares its microsecond with the one before.
        if (random.nextInt(10) != 0) {
            tsUs += 1 + random.nextInt(100);
        }
        int kind = random.nextInt(100);
        Document event;
        if (kind < 88) {
            event = bid();
        } else if (kind < 98) {
            event = impression();
        } else {
            event = certificate();
        }
        long ms = tsUs / 1000;
        streamSeq = ms == streamMs ? streamSeq + 1 : 0;
        streamMs = ms;
        made++;
        return event.append("partition", (int) (made % PARTITIONS)).append("stream_id", ms + "-" + streamSeq);
    }

    /** Item popularity is skewed: a quarter of the bids go to one item in a hundred. */
    private int pickItem() {
        return random.nextInt(4) == 0 ? random.nextInt(Math.max(1, items / 100)) : random.nextInt(items);
    }

    private Document bid() {
        int item = pickItem();
        long seq = bidSeq.merge(item, 1L, Long::sum);
        String itemId = item(item);
        return new Document("_id", "bid:" + itemId + ":" + seq).append("type", "bid").append("ts_us", tsUs)
                .append("item", itemId).append("user", user(random.nextInt(users)))
                .append("amount_cents", 100L * seq + random.nextInt(100)).append("seq", seq);
    }

    private Document impression() {
        int item = pickItem();
        long n = impressionSeq.merge(item, 1L, Long::sum);
        String itemId = item(item);
        return new Document("_id", "impression:" + itemId + ":" + n).append("type", "impression")
                .append("ts_us", tsUs).append("item", itemId).append("user", user(random.nextInt(users)))
                .append("sdk_version", "2.4.1").append("platform", PLATFORMS[random.nextInt(PLATFORMS.length)])
                .append("country", COUNTRIES[random.nextInt(COUNTRIES.length)])
                .append("session_id", Long.toHexString(random.nextLong()));
    }

    private Document certificate() {
        long number = ++certificates;
        String certId = "CS-" + number;
        return new Document("_id", "certificate:" + certId).append("type", "certificate").append("ts_us", tsUs)
                .append("cert_id", certId).append("class", "CS").append("number", number)
                .append("stakeholder", "holder-" + random.nextInt(1000)).append("amount", 1L + random.nextInt(500))
                .append("user", user(random.nextInt(users)));
    }
}
