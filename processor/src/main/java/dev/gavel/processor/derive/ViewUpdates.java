package dev.gavel.processor.derive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The derived-view changes of one partition's batch, merged: a counter is one increment per key and
 * field however many events touched it, a "best" or "last" value and a sorted-set score one write of the
 * batch's highest. That merging is where deriving in batches saves Redis its work. {@link #keys()} and
 * {@link #operations()} are the arguments of {@code lua/derive.lua}.
 */
final class ViewUpdates {

    private final Map<String, Map<String, Long>> increments = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> maxima = new LinkedHashMap<>();
    private final Map<String, Map<String, Long>> scores = new LinkedHashMap<>();
    private final Map<String, Long> ttls = new LinkedHashMap<>();

    void increment(String key, String field, long delta) {
        increments.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(field, delta, Long::sum);
    }

    void raise(String key, String field, long value) {
        maxima.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(field, value, Math::max);
    }

    void raiseScore(String key, String member, long score) {
        scores.computeIfAbsent(key, k -> new LinkedHashMap<>()).merge(member, score, Math::max);
    }

    /** The key lives {@code seconds} from its first write (EXPIRE NX). */
    void expireAfterFirstWrite(String key, long seconds) {
        ttls.put(key, seconds);
    }

    boolean isEmpty() {
        return increments.isEmpty() && maxima.isEmpty() && scores.isEmpty();
    }

    /** The keys the operations name, in the order their indexes (from 2: KEYS[1] is the mark) refer to. */
    List<String> keys() {
        Set<String> keys = new LinkedHashSet<>();
        keys.addAll(increments.keySet());
        keys.addAll(maxima.keySet());
        keys.addAll(scores.keySet());
        keys.addAll(ttls.keySet());
        return new ArrayList<>(keys);
    }

    /** The operations, four arguments each, with key indexes into {@code markKey + keys()}. */
    List<String> operations() {
        List<String> keys = keys();
        Map<String, Integer> index = new LinkedHashMap<>();
        for (int i = 0; i < keys.size(); i++) {
            index.put(keys.get(i), i + 2);
        }
        List<String> args = new ArrayList<>();
        increments.forEach((key, fields) -> fields.forEach((field, delta) ->
                add(args, "incr", index.get(key), field, Long.toString(delta))));
        maxima.forEach((key, fields) -> fields.forEach((field, value) ->
                add(args, "max", index.get(key), field, Long.toString(value))));
        scores.forEach((key, members) -> members.forEach((member, score) ->
                add(args, "zmax", index.get(key), Long.toString(score), member)));
        ttls.forEach((key, seconds) -> add(args, "ttl", index.get(key), Long.toString(seconds), "-"));
        return args;
    }

    private static void add(List<String> args, String op, int keyIndex, String a, String b) {
        args.add(op);
        args.add(Integer.toString(keyIndex));
        args.add(a);
        args.add(b);
    }
}
