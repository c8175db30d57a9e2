package dev.gavel.bench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Writes report.md and chart.svg of a results directory from its raw files (results.tsv,
 * notes.properties, commands.txt), so a report can be rendered again by hand: bench/report DIR.
 */
final class Report {

    /** The columns of the CPU table, in this order when present; any other group follows the known ones. */
    private static final List<String> GROUP_ORDER = List.of("acceptor", "redis", "mongo", "query", "processor", "nginx",
            ReferenceServers.SET_SERVER, ReferenceServers.SCRIPT_SERVER, ReferenceServers.REDIS, ReferenceServers.NGINX);

    private final Path out;

    Report(Path out) {
        this.out = out;
    }

    void write() throws IOException {
        Path raw = out.resolve("raw");
        Path resultsFile = raw.resolve("results.tsv");
        if (!Files.exists(resultsFile)) {
            throw new BenchFailure("no " + resultsFile);
        }
        Results results = new Results(new ResultsFile(resultsFile).read());
        Notes notes = Notes.load(raw.resolve("notes.properties"));
        Path commands = raw.resolve("commands.txt");
        String commandText = Files.exists(commands) ? Files.readString(commands) : "";
        Files.writeString(out.resolve("chart.svg"), Chart.svg(results.all()), StandardCharsets.UTF_8);
        Files.writeString(out.resolve("report.md"), markdown(results, notes, commandText), StandardCharsets.UTF_8);
    }

    static String markdown(Results results, Notes notes, String commands) {
        StringBuilder md = new StringBuilder();
        header(md, notes);
        resultsTable(md, results);
        cpuTable(md, results);
        perProcessRatios(md, results);
        md.append(LatencyStages.markdown(results, notes));
        md.append("## Targets\n\n");
        int duration = Integer.parseInt(notes.getOr("duration", "0"));
        if (duration < 30) {
            md.append("The targets are stated for 30 s runs; this run measured ").append(duration)
                    .append(" s per main scenario, so its verdicts are indicative only.\n\n");
        }
        md.append("| target | measured | verdict |\n|---|---|---|\n");
        for (Targets.Row row : new Targets(results, notes).rows()) {
            md.append("| ").append(row.target()).append(" | ").append(row.measured()).append(" | ").append(row.verdict()).append(" |\n");
        }
        md.append("\n## Exact commands\n\n");
        md.append("Each wrk scenario ran a 1 s primer (`-t1 -c8`) and a warm-up (same wrk flags, no `--latency`) before the measured"
                + " command below; the ab certificate runs an unmeasured ab of 1,000 requests first.\n");
        md.append("`bench/wrk/requests.lua` builds the requests from the BENCH_* variables; raw output is in `raw/` next to this report.\n\n");
        md.append("```\n").append(commands).append(commands.endsWith("\n") || commands.isEmpty() ? "" : "\n").append("```\n");
        return md.toString();
    }

    private static void header(StringBuilder md, Notes notes) {
        md.append("# Gavel benchmark report, ").append(notes.getOr("stamp", "?")).append("\n\n");
        md.append("Produced by `").append(notes.getOr("command", "bench/run")).append("` in ").append(notes.getOr("elapsed", "?"))
                .append(" s of load.\n");
        md.append("Every figure is compared with a reference server measured in the same run on the same machine,\n"
                + "because absolute figures on a shared 2-core machine drift from run to run; read the ratios.\n"
                + "How to run it and what each scenario means: [docs/performance.md](../../../docs/performance.md).\n\n");
        md.append("## Machine and load\n\n");
        md.append("- ").append(notes.getOr("machine", "?")).append("\n");
        md.append("- ").append(notes.getOr("versions", "?")).append("\n");
        md.append("- Load average (1, 5, 15 min) at the end: ").append(notes.getOr("load-end", "?"))
                .append("; per scenario in the table (before -> after).\n");
        md.append("- wrk: ").append(notes.getOr("threads", "?")).append(" threads, ").append(notes.getOr("connections", "?"))
                .append(" connections (20 in the *-c20 scenarios), ").append(notes.getOr("warmup", "?"))
                .append(" s warm-up at full concurrency after a 1 s primer, then ").append(notes.getOr("duration", "?"))
                .append(" s measured (secondary scenarios half); data: ").append(notes.getOr("users", "?")).append(" users x ")
                .append(notes.getOr("items", "?")).append(" items.\n");
        if ("off".equals(notes.getOr("archive", "on"))) {
            md.append("- Archive: **off** (`-a off`): the stack runs without its archiver, as if MongoDB and the archive ran on other"
                    + " machines; the streams keep every event, and no archive lag is measured.\n");
        } else {
            md.append("- Archive: on. Every accepted write is copied into the embedded MongoDB (mongo-java-server, H2 file store) on the"
                    + " same two cores, as `bin/gavel up` runs it: its CPU is in the `query` (or `processor`) and `mongo` columns.\n");
        }
        md.append("- JIT warm-up before the first scenario: ").append(notes.getOr("jit-warmup", "?"))
                .append(" s of bids through nginx, and as long on each bare reference server (and on the second acceptor when it"
                        + " starts), not measured; then more, in " + ScenarioRunner.JIT_ROUND_S + " s rounds, until the JVMs' JIT compiler"
                        + " threads used at most " + Math.round(ScenarioRunner.JIT_SETTLED_CORES * 100) + " % of a core in a round (at most "
                        + ScenarioRunner.JIT_EXTRA_LIMIT_S + " s more).\n");
        for (String warmed : List.of("reference", "reference-script", "stack", "stack-cluster" + Catalogue.CLUSTER_SHARDS, "acceptor-2")) {
            notes.get("jit-settled-" + warmed).ifPresent(settled -> md.append("  - ").append(warmed).append(": ").append(settled)
                    .append(".\n"));
        }
        for (String live : List.of("live-hot", "live-spread")) {
            notes.get("live-warmup-" + live).ifPresent(warm -> md.append("- ").append(live).append("'s warm-up, after its streams opened"
                    + " and before its measured window (the tool's probes, and in live-hot the bid load, none of it counted; the same"
                    + " rule over query-api's and the tool's compiler threads): ").append(warm).append(".\n"));
        }
        notes.get("cluster").ifPresent(cluster -> md.append("- Cluster: ").append(cluster).append(".\n"));
        md.append("- Acceptor JVM flags (the bare reference servers run with the same): `").append(notes.getOr("acceptor-flags", "?"))
                .append("`\n");
        md.append("- query-api JVM flags: `").append(notes.getOr("query-flags", "?")).append("`\n\n");
    }

    private static void resultsTable(StringBuilder md, Results results) {
        md.append("## Results\n\n![throughput and p99 per scenario](chart.svg)\n\n");
        md.append("| scenario | req/s | p50 ms | p90 ms | p99 ms | max ms | non-2xx/errors | archive lag s | sustained"
                + " | derived p99 lag s | reference | ratio | CPU ratio | load before -> after |\n");
        md.append("|---|---:|---:|---:|---:|---:|---|---:|---|---:|---|---:|---:|---|\n");
        for (ScenarioResult r : results.all()) {
            if (!r.ok()) {
                md.append("| ").append(r.name()).append(" | ").append(r.state().name().toLowerCase(Locale.ROOT).replace('_', ' '))
                        .append(" ").append(r.detail()).append(" | | | | | | | | | | | | | |\n");
                continue;
            }
            LoadResult l = r.result().orElseThrow();
            Optional<String> ref = Results.referenceOf(r.name());
            md.append("| ").append(r.name()).append(" | ").append(Fmt.rps(l.rps())).append(" | ").append(Fmt.ms(l.p50Us()))
                    .append(" | ").append(Fmt.ms(l.p90Us())).append(" | ").append(Fmt.ms(l.p99Us())).append(" | ").append(Fmt.ms(l.maxUs()))
                    .append(" | ").append(l.non2xx()).append('/').append(l.socketErrors())
                    .append(" | ").append(r.lag().map(a -> Fmt.seconds(a.seconds())).orElse(Fmt.NONE))
                    .append(" | ").append(r.lag().map(a -> a.sustained() ? "yes" : "**no**").orElse(Fmt.NONE))
                    .append(" | ").append(r.lag().map(a -> Fmt.seconds(a.derivedP99Seconds())).orElse(Fmt.NONE))
                    .append(" | ").append(ref.orElse(Fmt.NONE))
                    .append(" | ").append(ref.map(x -> Fmt.ratio(results.rpsRatio(r.name(), x))).orElse(Fmt.NONE))
                    .append(" | ").append(ref.map(x -> Fmt.ratio(results.cpuRatio(r.name(), x))).orElse(Fmt.NONE))
                    .append(" | ").append(r.load()).append(" |\n");
        }
        md.append("\n`ratio` divides requests/s by the reference's; `CPU ratio` divides the reference's CPU per request (all\n"
                + "groups below summed, the load generator left out) by the scenario's: the ratio the two would reach on the same idle\n"
                + "cores. When other processes load the machine unevenly between two runs (`others` below), trust the CPU ratio.\n"
                + "`archive lag` is the age of the oldest stream entry the `archiver` group had not acknowledged when the measured\n"
                + "run ended, read from Redis (every `gavel:{pN}:events`); a rate counts as **sustained** only when it is under\n"
                + "2 s. A scenario marked **no** left a backlog: its rate is a burst, not what the archive keeps up with.\n"
                + "`derived p99 lag` is the 99th percentile, over the measured run (sampled every 250 ms), of the age of the oldest\n"
                + "entry the processor had not yet derived the statistics, users' items and recent items from; the contract allows 1 s.\n"
                + "ab reports whole milliseconds.\n"
                + "The live rows (`live-*`, bench/live's tool) count differently: `req/s` is bid events delivered to subscribers per\n"
                + "second, the latencies are the delays from each probe bid's 201 to its arrival at each subscriber, `non-2xx` is the\n"
                + "deliveries missing and `errors` the streams that did not open or were dropped; their CPU per request below is per\n"
                + "delivered event (live-hot's includes the bid load that ran alongside). A live row in which no probe arrived at all shows\n"
                + "the measured window's length as its latencies, a lower bound. The targets table gives the rest.\n\n");
    }

    private static void cpuTable(StringBuilder md, Results results) {
        List<String> groups = groups(results.all());
        md.append("### Where the CPU went\n\n");
        md.append("Microseconds of CPU per request in each group of processes this run started, measured from /proc during the\n"
                + "measured run: every component `bin/gavel` recorded a pid for (instances of one component, such as `acceptor-1`\n"
                + "and `acceptor-2`, share a column), the reference servers (`ref-*`), and the load generator (`loadgen`). With every\n"
                + "core busy, throughput is about cores / (sum of these). `others` is the share of the whole machine used by\n"
                + "processes this run did not start (other builds).\n\n");
        md.append("| scenario |");
        groups.forEach(g -> md.append(' ').append(g).append(" |"));
        md.append(" total | others | Redis AOF rewrites |\n|---|");
        groups.forEach(g -> md.append("---:|"));
        md.append("---:|---:|---|\n");
        for (ScenarioResult r : results.all()) {
            if (!r.ok() || r.cpu().usPerRequest().isEmpty()) {
                continue;
            }
            md.append("| ").append(r.name()).append(" |");
            for (String g : groups) {
                Double us = r.cpu().usPerRequest().get(g);
                md.append(' ').append(us == null || us < 0.5 ? "–" : Fmt.us(us)).append(" |");
            }
            md.append(' ').append(Fmt.us(r.cpu().serverTotal())).append(" | ")
                    .append(String.format(Locale.ROOT, "%.0f%%", r.cpu().othersPercent())).append(" | ")
                    .append(r.rewrites().map(Report::rewrites).orElse(Fmt.NONE)).append(" |\n");
        }
        md.append('\n');
    }

    /** Each stack process's CPU per request over its counterpart's in the scenario's reference. */
    private static void perProcessRatios(StringBuilder md, Results results) {
        md.append("### CPU per request against the reference, process by process\n\n");
        md.append("The stack's process over its counterpart in the reference measured in the same run (acceptor or query-api over\n"
                + "the bare server, Redis over the reference Redis, nginx over the reference nginx), in µs per request and as a ratio.\n"
                + "The archive (`processor`, `query`'s archiver and `mongo`) has no counterpart: it is shown in µs.\n\n");
        md.append("| scenario | reference | server | Redis | nginx | archive µs |\n|---|---|---|---|---|---:|\n");
        for (ScenarioResult r : results.all()) {
            Optional<String> ref = Results.referenceOf(r.name());
            if (!r.ok() || ref.isEmpty() || results.ok(ref.get()).isEmpty() || r.cpu().usPerRequest().isEmpty()) {
                continue;
            }
            CpuUse s = r.cpu();
            CpuUse b = results.ok(ref.get()).orElseThrow().cpu();
            // The server is whichever of the two answered: the acceptor for writes, query-api for reads.
            boolean writes = s.of("acceptor") >= s.of("query");
            double server = writes ? s.of("acceptor") : s.of("query");
            double archive = s.of("processor") + s.of("mongo");
            double refServer = b.of(ReferenceServers.SET_SERVER) + b.of(ReferenceServers.SCRIPT_SERVER) + b.of("acceptor");
            double refRedis = b.of(ReferenceServers.REDIS) + b.of("redis");
            double refNginx = b.of(ReferenceServers.NGINX) + b.of("nginx");
            md.append("| ").append(r.name()).append(" | ").append(ref.get()).append(" | ")
                    .append(compare(server, refServer)).append(" | ").append(compare(s.of("redis"), refRedis)).append(" | ")
                    .append(compare(s.of("nginx"), refNginx)).append(" | ")
                    .append(Fmt.us(archive))
                    .append(" |\n");
        }
        md.append('\n');
    }

    /** "value / base = ratio"; the value alone when the reference has no such process (nginx answering 204 has no server). */
    private static String compare(double value, double base) {
        if (base < 0.5) {
            return value < 0.5 ? "–" : Fmt.us(value);
        }
        return Fmt.us(value) + " / " + Fmt.us(base) + " = " + Fmt.ratio(Fmt.divide(value, base));
    }

    private static String rewrites(AofRewrites w) {
        return "stack " + w.stack() + (w.stack() > 0 ? String.format(Locale.ROOT, " (last fork %.1f ms)", w.lastForkMs()) : "")
                + ", reference " + w.reference();
    }

    /** Every group that appears, known ones in {@link #GROUP_ORDER}'s order, others after them, loadgen last. */
    static List<String> groups(List<ScenarioResult> results) {
        Set<String> seen = new LinkedHashSet<>();
        results.forEach(r -> seen.addAll(r.cpu().usPerRequest().keySet()));
        List<String> ordered = new ArrayList<>();
        GROUP_ORDER.stream().filter(seen::contains).forEach(ordered::add);
        seen.stream().filter(g -> !GROUP_ORDER.contains(g) && !g.equals(CpuUse.LOADGEN)).sorted().forEach(ordered::add);
        if (seen.contains(CpuUse.LOADGEN)) {
            ordered.add(CpuUse.LOADGEN);
        }
        return ordered;
    }
}
