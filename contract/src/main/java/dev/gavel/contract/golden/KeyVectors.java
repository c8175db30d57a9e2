package dev.gavel.contract.golden;

import dev.gavel.contract.RedisKeys;

/**
 * Builds the key a {@code redis-key} vector names with a given {@link RedisKeys}: each service passes the
 * instance its own wiring made, so the check covers its partition count as well as the builders.
 */
public final class KeyVectors {

    private KeyVectors() {
    }

    public static String build(RedisKeys keys, GoldenVectors.Vector vector) {
        String key = vector.input("key");
        return switch (key) {
            case "user" -> RedisKeys.user(vector.input("username"));
            case "item" -> keys.item(vector.input("item"));
            case "itemBids" -> keys.itemBids(vector.input("item"));
            case "itemBidders" -> keys.itemBidders(vector.input("item"));
            case "itemStandings" -> keys.itemStandings(vector.input("item"));
            case "closing" -> RedisKeys.closing(partition(keys, vector));
            case "userItems" -> keys.userItemsOf(vector.input("username"));
            case "userBidStats" -> keys.userBidStatsOf(vector.input("username"));
            case "events" -> RedisKeys.events(partition(keys, vector));
            case "derivedMark" -> RedisKeys.derivedMark(partition(keys, vector));
            case "deadLetters" -> RedisKeys.deadLetters(vector.inputInt("partition"));
            case "statsTotal" -> RedisKeys.statsTotal(partition(keys, vector));
            case "statsSecond" -> RedisKeys.statsSecond(partition(keys, vector),
                    Math.floorDiv(vector.inputLong("ts_us"), 1_000_000L));
            case "statsSdk" -> counter(keys, vector, "sdk");
            case "statsPlatform" -> counter(keys, vector, "platform");
            case "statsCountry" -> counter(keys, vector, "country");
            case "statsUser" -> keys.statsUserOf(vector.input("username"));
            case "statsItem" -> RedisKeys.statsCounter(partition(keys, vector), "item", vector.input("item"));
            case "shareClass" -> keys.shareClass(vector.input("class"));
            case "certificates" -> keys.certificates(vector.input("class"));
            case "stakeholder" -> keys.stakeholder(vector.input("class"), vector.input("stakeholder"));
            case "idempotency" -> keys.idempotency(vector.input("target"), vector.input("username"), vector.input("client_key"));
            default -> throw new IllegalArgumentException("unknown key in " + vector.describe() + ": " + key);
        };
    }

    private static int partition(RedisKeys keys, GoldenVectors.Vector vector) {
        return keys.partitionOf(vector.input("item"));
    }

    private static String counter(RedisKeys keys, GoldenVectors.Vector vector, String dimension) {
        return RedisKeys.statsCounter(partition(keys, vector), dimension, RedisKeys.encode(vector.input("value")));
    }
}
