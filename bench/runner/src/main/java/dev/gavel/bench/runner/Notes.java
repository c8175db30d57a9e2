package dev.gavel.bench.runner;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Key/value facts of a run that the report prints (settings, machine, JVM flags, RSS, the attacker's
 * figures, the seed run's seq check), kept in a properties file under raw/ so a report can be
 * rendered again from the raw files alone.
 */
final class Notes {

    private final Map<String, String> values = new TreeMap<>();

    void put(String key, String value) {
        values.put(key, value);
    }

    Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    String getOr(String key, String fallback) {
        return values.getOrDefault(key, fallback);
    }

    void save(Path file) throws IOException {
        Properties properties = new Properties();
        properties.putAll(values);
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(out, "bench/run: the run's settings and notes (read by the report)");
        }
    }

    static Notes load(Path file) throws IOException {
        Notes notes = new Notes();
        if (Files.exists(file)) {
            Properties properties = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(in);
            }
            properties.forEach((k, v) -> notes.put((String) k, (String) v));
        }
        return notes;
    }
}
