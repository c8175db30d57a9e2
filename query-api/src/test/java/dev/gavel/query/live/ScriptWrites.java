package dev.gavel.query.live;

import dev.gavel.contract.MicroTime;
import dev.gavel.contract.RedisKeys;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes what the acceptor's bid script and the processor's close pass write for the live streams (the
 * query-api tests reach Redis directly, not through an acceptor): the item's seq, its list entry
 * ({@code <seq>|<user>|<amount_cents>|<ts_us>|<auto>|<price_cents>|<leading>}) and its stream entry (format
 * 2 with {@code closes_at_us} and {@code displaced}), and an {@code item_closed} entry.
 */
final class ScriptWrites {

    private final RedisClusterCommands<String, String> redis;
    private final RedisKeys keys;

    ScriptWrites(RedisClusterCommands<String, String> redis, RedisKeys keys) {
        this.redis = redis;
        this.keys = keys;
    }

    /** A bid by {@code user}; returns its seq. {@code closesAtUs} 0 and {@code displaced} "" when none. */
    long bid(String item, String user, long amountCents, long priceCents, boolean leading, long closesAtUs,
             String displaced) {
        long seq = redis.hincrby(keys.item(item), "seq", 1);
        long tsUs = MicroTime.nowMicros();
        redis.rpush(keys.itemBids(item), seq + "|" + user + "|" + amountCents + "|" + tsUs + "||" + priceCents + "|"
                + (leading ? "1" : "0"));
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", "bid");
        fields.put("event_id", "bid:" + item + ":" + seq);
        fields.put("item", item);
        fields.put("user", user);
        fields.put("amount_cents", Long.toString(amountCents));
        fields.put("seq", Long.toString(seq));
        fields.put("ts_us", Long.toString(tsUs));
        fields.put("v", "2");
        fields.put("auto", "0");
        fields.put("price_cents", Long.toString(priceCents));
        fields.put("leading", leading ? "1" : "0");
        fields.put("closes_at_us", closesAtUs > 0 ? Long.toString(closesAtUs) : "");
        fields.put("displaced", displaced);
        redis.xadd(keys.eventsOf(item), fields);
        return seq;
    }

    /** The processor's item_closed entry; {@code winner} "" for no sale. */
    void closed(String item, String winner, long priceCents, String reason) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("type", "item_closed");
        fields.put("event_id", "item_closed:" + item);
        fields.put("item", item);
        fields.put("winner", winner);
        fields.put("price_cents", winner.isEmpty() ? "" : Long.toString(priceCents));
        fields.put("reserve_met", "");
        fields.put("reason", reason);
        fields.put("result", winner.isEmpty() ? "no_sale" : "sold");
        fields.put("ts_us", Long.toString(MicroTime.nowMicros()));
        redis.xadd(keys.eventsOf(item), fields);
    }

    /** What the processor derives: the user among the item's bidders. */
    void bidder(String item, String user) {
        redis.zadd(keys.itemBidders(item), 1.0, user);
    }
}
