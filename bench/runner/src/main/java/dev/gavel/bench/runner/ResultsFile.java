package dev.gavel.bench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * raw/results.tsv: one line per scenario, appended as each one ends (so a run stopped early still
 * has a report), read back by the report. Columns: name, state, detail, load average, and the figures
 * as space-separated key=value pairs: the load generator's ({@link LoadResult#fields}), {@code cpu.<group>}
 * in µs per request, {@code others_pct}, {@code aof_stack}, {@code aof_ref}, {@code fork_ms},
 * {@code lag_s}, {@code lag_behind}, {@code lag_streams}.
 */
final class ResultsFile {

    private final Path file;

    ResultsFile(Path file) {
        this.file = file;
    }

    void append(ScenarioResult r) throws IOException {
        Map<String, String> f = new LinkedHashMap<>();
        r.result().ifPresent(load -> f.putAll(load.fields()));
        r.cpu().usPerRequest().forEach((group, us) -> f.put("cpu." + group, format(us)));
        if (!r.cpu().usPerRequest().isEmpty()) {
            f.put("others_pct", format(r.cpu().othersPercent()));
        }
        r.rewrites().ifPresent(w -> {
            f.put("aof_stack", Long.toString(w.stack()));
            f.put("aof_ref", Long.toString(w.reference()));
            f.put("fork_ms", format(w.lastForkMs()));
        });
        r.lag().ifPresent(lag -> {
            f.put("lag_s", format(lag.seconds()));
            f.put("lag_behind", Long.toString(lag.behind()));
            f.put("lag_streams", Integer.toString(lag.streams()));
            f.put("derived_p99_s", format(lag.derivedP99Seconds()));
        });
        StringBuilder pairs = new StringBuilder();
        f.forEach((k, v) -> pairs.append(pairs.isEmpty() ? "" : " ").append(k).append('=').append(v));
        String line = String.join("\t", r.name(), r.state().name(), clean(r.detail()), clean(r.load()), pairs) + "\n";
        Files.writeString(file, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    List<ScenarioResult> read() throws IOException {
        List<ScenarioResult> results = new ArrayList<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (!line.isBlank()) {
                results.add(parse(line));
            }
        }
        return results;
    }

    static ScenarioResult parse(String line) {
        String[] cols = line.split("\t", -1);
        Map<String, String> f = new LinkedHashMap<>();
        if (cols.length > 4 && !cols[4].isBlank()) {
            for (String pair : cols[4].split(" ")) {
                int eq = pair.indexOf('=');
                f.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        ScenarioResult.State state = ScenarioResult.State.valueOf(cols[1]);
        Map<String, Double> cpu = new LinkedHashMap<>();
        f.forEach((k, v) -> {
            if (k.startsWith("cpu.")) {
                cpu.put(k.substring(4), Double.parseDouble(v));
            }
        });
        Optional<LoadResult> load = state == ScenarioResult.State.OK && f.containsKey("rps")
                ? Optional.of(LoadResult.fromFields(f)) : Optional.empty();
        Optional<AofRewrites> rewrites = f.containsKey("aof_stack")
                ? Optional.of(new AofRewrites(Long.parseLong(f.get("aof_stack")), Long.parseLong(f.get("aof_ref")),
                        Double.parseDouble(f.get("fork_ms"))))
                : Optional.empty();
        Optional<ArchiveLag> lag = f.containsKey("lag_s")
                ? Optional.of(new ArchiveLag(Double.parseDouble(f.get("lag_s")), Long.parseLong(f.get("lag_behind")),
                        Integer.parseInt(f.get("lag_streams")), Double.parseDouble(f.getOrDefault("derived_p99_s", "0"))))
                : Optional.empty();
        return new ScenarioResult(cols[0], state, cols.length > 2 ? cols[2] : "", load, cols.length > 3 ? cols[3] : "",
                new CpuUse(cpu, Double.parseDouble(f.getOrDefault("others_pct", "0"))), rewrites, lag);
    }

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
    }

    private static String clean(String text) {
        return text.replace('\t', ' ').replace('\n', ' ');
    }
}
