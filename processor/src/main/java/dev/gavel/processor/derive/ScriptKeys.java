package dev.gavel.processor.derive;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The KEYS of one derive script run: the partition's mark hash first, then every key the operations
 * name, each once, numbered as Lua counts (from 1), so operations of several batches can share a key.
 */
final class ScriptKeys {

    private final Map<String, Integer> indexes = new LinkedHashMap<>();

    ScriptKeys(String mark) {
        indexOf(mark);
    }

    int indexOf(String key) {
        return indexes.computeIfAbsent(key, k -> indexes.size() + 1);
    }

    String[] toArray() {
        return indexes.keySet().toArray(String[]::new);
    }
}
