package dev.gavel.processor.derive;

import dev.gavel.contract.RedisKeys;
import dev.gavel.contract.StreamEntry;
import dev.gavel.processor.archive.EventParser;
import org.bson.Document;

import java.time.Clock;
import java.util.Map;

/**
 * What one event changes in the derived views (docs/redis-layout.md, "Derived views"), the same changes
 * the write scripts made themselves before entry format 2. The item's views and the partition's
 * statistics are in the event's partition; the user's items, bidstats and statistics counter are in the
 * user's partition, so that one user's are read from one partition:
 * <ul>
 *   <li>a bid: the user's items ({@code ZADD GT} by time), the user's count, best amount and last time on
 *       the item, the item's bidders ({@code ZADD GT} by time); an automatic bid (placed for the leader under
 *       a maximum bid) too, since a user's standing includes their automatic bids;</li>
 *   <li>a bid the user placed, or an impression: {@code bids} or {@code impressions} of the partition's
 *       total, the user, the item, each non-empty SDK version, platform and country, and the second it
 *       arrived in (a bucket that lives 120 s from its first write; an event older than that adds nothing
 *       to it). Automatic bids are not counted here: statistics measure what users did.</li>
 * </ul>
 * Entries of an older format, invalid entries, certificates and {@code item_closed} entries derive
 * nothing. (A user's won and lost items, should a view need them, would be derived here from
 * {@code item_closed}: its winner, and the item's bidders as they are when it arrives.)
 */
final class ViewDeriver {

    static final long SECOND_BUCKET_TTL_SECONDS = 120;

    private final RedisKeys keys;
    private final Clock clock;

    ViewDeriver(RedisKeys keys, Clock clock) {
        this.keys = keys;
        this.clock = clock;
    }

    void derive(int partition, Map<String, String> fields, BatchUpdates updates) {
        if (fields == null || !StreamEntry.FORMAT_DERIVED_BY_PROCESSOR.equals(fields.get(StreamEntry.FORMAT))) {
            return;
        }
        EventParser.Result parsed = EventParser.parse(fields);
        if (!parsed.isValid()) {
            return;
        }
        Document event = parsed.event();
        String type = event.getString(StreamEntry.TYPE);
        String counter;
        if (StreamEntry.TYPE_BID.equals(type)) {
            bid(partition, event, updates);
            if ("1".equals(fields.get(StreamEntry.AUTO))) {
                return;
            }
            counter = "bids";
        } else if (StreamEntry.TYPE_IMPRESSION.equals(type)) {
            counter = "impressions";
        } else {
            return;
        }
        count(partition, event, fields, counter, updates);
    }

    private void bid(int partition, Document event, BatchUpdates updates) {
        String item = event.getString(StreamEntry.ITEM);
        String user = event.getString(StreamEntry.USER);
        long ts = event.getLong(StreamEntry.TS_US);
        ViewUpdates users = updates.in(keys.partitionOf(user));
        String bidStats = keys.userBidStatsOf(user);
        users.raiseScore(keys.userItemsOf(user), item, ts);
        users.increment(bidStats, item + "|count", 1);
        users.raise(bidStats, item + "|best", event.getLong(StreamEntry.AMOUNT_CENTS));
        users.raise(bidStats, item + "|last", ts);
        updates.in(partition).raiseScore(keys.itemBidders(item), user, ts);
    }

    private void count(int partition, Document event, Map<String, String> fields, String counter,
                       BatchUpdates updates) {
        String user = event.getString(StreamEntry.USER);
        updates.in(keys.partitionOf(user)).increment(keys.statsUserOf(user), counter, 1);
        ViewUpdates own = updates.in(partition);
        own.increment(RedisKeys.statsTotal(partition), counter, 1);
        own.increment(RedisKeys.statsCounter(partition, "item", event.getString(StreamEntry.ITEM)), counter, 1);
        context(partition, "sdk", fields.get(StreamEntry.SDK_VERSION), counter, own);
        context(partition, "platform", fields.get(StreamEntry.PLATFORM), counter, own);
        context(partition, "country", fields.get(StreamEntry.COUNTRY), counter, own);
        long second = Math.floorDiv(event.getLong(StreamEntry.TS_US), 1_000_000L);
        if (second > clock.millis() / 1000 - SECOND_BUCKET_TTL_SECONDS) {
            String bucket = RedisKeys.statsSecond(partition, second);
            own.increment(bucket, counter, 1);
            own.expireAfterFirstWrite(bucket, SECOND_BUCKET_TTL_SECONDS);
        }
    }

    private static void context(int partition, String dimension, String value, String counter, ViewUpdates updates) {
        if (value != null && !value.isEmpty()) {
            updates.increment(RedisKeys.statsCounter(partition, dimension, RedisKeys.encode(value)), counter, 1);
        }
    }
}
