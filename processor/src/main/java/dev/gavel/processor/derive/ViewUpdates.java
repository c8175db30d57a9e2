package dev.gavel.processor.derive;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The derived-view changes of one partition's batch, merged: a counter is one increment per key and
 * field however many events touched it, a "best" or "last" value and a sorted-set score one write of the
 * batch's highest. That merging is where deriving in batches saves Redis its work. All keys of one
 * instance are in one partition; {@link #operations} are the arguments {@code lua/derive-operations.lua}
 * applies.
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

    /** The operations, four arguments each, naming their keys by their indexes in {@code keys} (added there as met). */
    List<String> operations(ScriptKeys keys) {
        List<String> args = new ArrayList<>();
        increments.forEach((key, fields) -> fields.forEach((field, delta) ->
                add(args, "incr", keys.indexOf(key), field, Long.toString(delta))));
        maxima.forEach((key, fields) -> fields.forEach((field, value) ->
                add(args, "max", keys.indexOf(key), field, Long.toString(value))));
        scores.forEach((key, members) -> members.forEach((member, score) ->
                add(args, "zmax", keys.indexOf(key), Long.toString(score), member)));
        ttls.forEach((key, seconds) -> add(args, "ttl", keys.indexOf(key), Long.toString(seconds), "-"));
        return args;
    }

    private static void add(List<String> args, String op, int keyIndex, String a, String b) {
        args.add(op);
        args.add(Integer.toString(keyIndex));
        args.add(a);
        args.add(b);
    }
}
