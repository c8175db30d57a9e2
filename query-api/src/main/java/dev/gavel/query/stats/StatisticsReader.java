package dev.gavel.query.stats;

import dev.gavel.contract.MicroTime;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.error.ApiException;
import dev.gavel.query.store.RedisStore;
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sums the counters the processor keeps per partition (docs/redis-layout.md, "Statistics counters"):
 * an SDK's, platform's or country's key in every partition, pipelined; an item's only in the item's
 * partition, a username's only in the user's.
 */
@Singleton
public class StatisticsReader {

    static final int WINDOW_SECONDS = 60;
    private static final String IMPRESSIONS = "impressions";
    private static final String BIDS = "bids";

    private final RedisStore redis;
    private final RedisKeys keys;

    public StatisticsReader(RedisStore redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    public Map<String, Object> forFilter(StatisticsFilter filter) {
        String keyPart = filter.keyPart().orElseThrow(() -> nothingCounted(filter));
        List<String> counterKeys = new ArrayList<>();
        if ("item".equals(filter.dimension())) {
            counterKeys.add(RedisKeys.statsCounter(keys.partitionOf(keyPart), "item", keyPart));
        } else if ("user".equals(filter.dimension())) {
            counterKeys.add(keys.statsUserOf(keyPart));
        } else {
            for (int p = 0; p < keys.partitions(); p++) {
                counterKeys.add(RedisKeys.statsCounter(p, filter.dimension(), keyPart));
            }
        }
        Counts counts = sum(redis.async(), counterKeys);
        if (counts.impressions() == 0 && counts.bids() == 0) {
            throw nothingCounted(filter);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(filter.name(), filter.value());
        counts.putInto(body);
        return body;
    }

    /** Totals, and the bids and impressions of the last 60 s (the current second included) from the per-second buckets. */
    public Map<String, Object> summary() {
        RedisClusterAsyncCommands<String, String> async = redis.async();
        List<String> totals = new ArrayList<>();
        List<String> buckets = new ArrayList<>();
        long now = MicroTime.nowMicros() / 1_000_000L;
        for (int p = 0; p < keys.partitions(); p++) {
            totals.add(RedisKeys.statsTotal(p));
            for (long second = now - WINDOW_SECONDS + 1; second <= now; second++) {
                buckets.add(RedisKeys.statsSecond(p, second));
            }
        }
        List<RedisFuture<List<KeyValue<String, String>>>> bucketReads = send(async, buckets);
        Counts total = sum(async, totals);
        Counts recent = collect(bucketReads);
        Map<String, Object> body = new LinkedHashMap<>();
        total.putInto(body);
        body.put("window_seconds", WINDOW_SECONDS);
        body.put("bids_last_60s", recent.bids());
        body.put("impressions_last_60s", recent.impressions());
        body.put("bids_per_second", (double) recent.bids() / WINDOW_SECONDS);
        body.put("impressions_per_second", (double) recent.impressions() / WINDOW_SECONDS);
        return body;
    }

    private Counts sum(RedisClusterAsyncCommands<String, String> async, List<String> counterKeys) {
        return collect(send(async, counterKeys));
    }

    private static List<RedisFuture<List<KeyValue<String, String>>>> send(RedisClusterAsyncCommands<String, String> async,
                                                                          List<String> counterKeys) {
        List<RedisFuture<List<KeyValue<String, String>>>> reads = new ArrayList<>(counterKeys.size());
        for (String key : counterKeys) {
            reads.add(async.hmget(key, IMPRESSIONS, BIDS));
        }
        return reads;
    }

    private Counts collect(List<RedisFuture<List<KeyValue<String, String>>>> reads) {
        long impressions = 0;
        long bids = 0;
        for (RedisFuture<List<KeyValue<String, String>>> read : reads) {
            List<KeyValue<String, String>> values = redis.await(read);
            impressions += Long.parseLong(values.get(0).getValueOrElse("0"));
            bids += Long.parseLong(values.get(1).getValueOrElse("0"));
        }
        return new Counts(impressions, bids);
    }

    private static ApiException nothingCounted(StatisticsFilter filter) {
        return ApiException.notFound("nothing was counted for " + filter.name() + " '" + filter.value() + "'");
    }

    private record Counts(long impressions, long bids) {

        double conversion() {
            return impressions == 0 ? 0.0 : (double) bids / impressions;
        }

        void putInto(Map<String, Object> body) {
            body.put(IMPRESSIONS, impressions);
            body.put(BIDS, bids);
            body.put("conversion", conversion());
        }
    }
}
