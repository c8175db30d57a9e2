package dev.gavel.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.logging.Logger;

/**
 * Runs each scenario of the catalogue: checks that its endpoint is there, then a 1 s primer, a
 * warm-up at full concurrency and the measured run (wrk), or the ab runs as they are specified.
 */
final class ScenarioRunner {

    /** The body Pulley's certificate load posts (cs.data): a grant of 10 shares of class CS. */
    static final String CS_DATA = "{\"name\": \"Salt Bae\", \"amount\": 10, \"class\": \"CS\"}";

    private static final Logger LOG = Logger.getLogger(ScenarioRunner.class.getName());
    private static final String BID_BODY = "{\"amount\": {amount}}";
    private static final int AB_WARMUP_REQUESTS = 1000;
    /** The live tool's warm-up probes still in flight are awaited for at most 30 s before it is ready. */
    private static final Duration WARMUP_END_TIMEOUT = Duration.ofSeconds(45);
    /** The JIT warm-up goes on in rounds this long while the compiler threads are busy... */
    static final int JIT_ROUND_S = 5;
    /** ...busier than this share of one core... */
    static final double JIT_SETTLED_CORES = 0.05;
    /** ...for at most this much longer than the warm-up time asked for. */
    static final int JIT_EXTRA_LIMIT_S = 60;

    private final Options options;
    private final Stack stack;
    private final ReferenceServers references;
    private final BenchData data;
    private final LoadGenerator generator;
    private final Measurer measurer;
    private final Notes notes;
    private final Path raw;
    private final String base;
    private final String admin;
    private final Path liveJar;
    private final long ticksPerSecond;
    private int shareClassStatus;

    /** {@code liveJar}: bench/live's tool, for the live scenarios; {@code ticksPerSecond}: the kernel's USER_HZ. */
    ScenarioRunner(Options options, Stack stack, ReferenceServers references, BenchData data, LoadGenerator generator,
                   Measurer measurer, Notes notes, Path raw, String base, String admin, Path liveJar, long ticksPerSecond) {
        this.options = options;
        this.stack = stack;
        this.references = references;
        this.data = data;
        this.generator = generator;
        this.measurer = measurer;
        this.notes = notes;
        this.raw = raw;
        this.base = base;
        this.admin = admin;
        this.liveJar = liveJar;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** The certificates scenario's share class; absent until the certificates issue lands. */
    void shareClassCreated(int status) {
        this.shareClassStatus = status;
    }

    /**
     * Bids at full concurrency, not measured, until the JVMs have compiled their hot path. A JVM compiles it
     * with C1 then C2 during its first tens of seconds under load, and on two shared cores those compiler
     * threads would be charged to the first scenario that meets each JVM (measured: the acceptor's compiler
     * threads still took half its CPU 30 s into the load). So after the warm-up time the load goes on in
     * rounds of {@link #JIT_ROUND_S} s while the {@code jvms}' compiler threads used more than
     * {@link #JIT_SETTLED_CORES} of a core, for at most {@link #JIT_EXTRA_LIMIT_S} s more; every JVM of a
     * comparison gets the same rule. What it took is noted for the report.
     */
    void warmJvm(String name, String url, Supplier<Collection<Long>> jvms) throws IOException {
        if (options.jitWarmup() == 0) {
            return;
        }
        LOG.info(name + ": JIT warm-up, " + options.jitWarmup() + " s, then until the compiler threads settle");
        JitSettling.Outcome warmed = JitSettling.warm(options.jitWarmup(),
                (seconds, elapsed) -> generator.unmeasured(
                        generator.wrkCommand(url, options.threads(), options.connections(), seconds, false, "5s"),
                        vars(Map.of("BENCH_BODY", BID_BODY)), raw.resolve("jit-warmup-" + name + "-" + elapsed + "s.txt")),
                () -> JitActivity.compilerTicks(jvms.get()), ticksPerSecond);
        LOG.info(name + ": JIT warm-up took " + warmed.text());
        notes.put("jit-settled-" + name, warmed.text());
        // The warm-up's bids leave the archive a backlog as long as the warm-up; the next measurement is not to pay it.
        measurer.settle(warmed.seconds() + JIT_ROUND_S);
    }

    /**
     * {@link #warmJvm} for this runner's own stack, through nginx, watching the JVMs of that stack: a warm-up told
     * another stack's pids (one already stopped) would read them as settled at once.
     */
    void warmStack(String name) throws IOException {
        warmJvm(name, base, stack::pids);
    }

    void run(Scenario scenario) throws IOException {
        Optional<String> missing = probe(scenario.name());
        if (missing.isPresent()) {
            measurer.skipped(scenario.name(), ScenarioResult.State.NOT_AVAILABLE, missing.get());
            return;
        }
        int seconds = options.secondsFor(scenario.weight());
        int connections = scenario.connections().orElse(options.connections());
        String acceptor = "http://127.0.0.1:" + stack.port("acceptor-1");
        Map<String, String> bids = Map.of("BENCH_BODY", BID_BODY);
        switch (scenario.name()) {
            case "ref-set" -> wrk("ref-set", references.setServerUrl(), seconds, connections, bids);
            case "ref-script", "ref-script-c20" -> wrk(scenario.name(), references.scriptServerUrl(), seconds, connections, bids);
            case "ref-nginx-204" -> wrk("ref-nginx-204", references.nginx204Url(), seconds, connections, bids);
            case "ref-nginx-set", "ref-nginx-set-c20" -> wrk(scenario.name(), references.nginxProxyUrl(), seconds, connections, bids);
            case "bids-direct" -> {
                wrk("bids-direct", acceptor, seconds, connections, bids);
                notes.put("rss-bids-direct", rss("acceptor-1"));
            }
            case "bids-hot" -> wrk("bids-hot", acceptor, seconds, connections, Map.of("BENCH_BODY", BID_BODY, "BENCH_ITEMS", "1",
                    "BENCH_ITEM_PREFIX", "bench-hot", "BENCH_PATH", "/items/bench-hot/bids"));
            case "bids-nginx" -> {
                wrk("bids-nginx", base, seconds, connections, bids);
                notes.put("rss-bids-nginx", rss("acceptor-1"));
            }
            case "bids-nginx-c20" -> wrk("bids-nginx-c20", base, seconds, connections, bids);
            case "bids-direct-c20" -> wrk("bids-direct-c20", acceptor, seconds, connections, bids);
            case "bids-rising" -> wrk("bids-rising", base, seconds, connections,
                    RulesLoad.risingVars(Math.min(options.threads(), connections)));
            case "bids-rules" -> wrk("bids-rules", base, seconds, connections,
                    RulesLoad.vars(Math.min(options.threads(), connections)));
            case "bids-nginx-2acc" -> twoAcceptors(seconds, connections, bids);
            case "bids-attack" -> attack(seconds, connections, bids);
            // The same load as bids-nginx; this runner's stack is the cluster stack (BenchRun switches to it).
            case "bids-cluster3" -> wrk("bids-cluster3", base, seconds, connections, bids);
            case "reads-nginx" -> {
                wrk("reads-nginx-winner", base, seconds, connections, reads("/items/{item}/winner"));
                wrk("reads-nginx-bids", base, seconds, connections, reads("/items/{item}/bids?limit=10"));
            }
            case "certificates" -> wrk("certificates", base, seconds, connections, Map.of("BENCH_METHOD", "POST", "BENCH_AUTH", "admin",
                    "BENCH_PATH", "/certificates", "BENCH_BODY",
                    "{\"name\": \"Holder {user}\", \"amount\": 1, \"class\": \"" + BenchData.SHARE_CLASS + "\"}"));
            case "impressions" -> wrk("impressions", base, seconds, connections, Map.of("BENCH_METHOD", "POST",
                    "BENCH_PATH", "/items/{item}/impressions", "BENCH_HEADERS", "X-SDK-Version: 1.4.2|X-Platform: android|X-Country: DE"));
            case "statistics" -> wrk("statistics", base, seconds, connections, reads("/statistics?username={user}"));
            case "recent-items" -> wrk("recent-items", base, seconds, connections, reads("/users/{user}/recent-items"));
            case "ref-nginx-ab" -> certificatesAb("ref-nginx-ab", references.nginxProxyUrl() + "/certificates");
            case "certificates-ab" -> certificatesAb("certificates-ab", base + "/certificates");
            case "ab-seed" -> abSeed();
            case "live-hot" -> liveHot(seconds, connections, bids);
            case "live-spread" -> liveSpread(seconds);
            default -> throw new IllegalStateException("no way to run scenario " + scenario.name());
        }
    }

    /**
     * Empty when the endpoint behind a scenario is there, else why not. A route that is not there yet
     * answers 404 (or 405) from whichever service nginx sends it to; the scenario is then "not available".
     */
    private Optional<String> probe(String name) {
        int code;
        switch (name) {
            case "certificates" -> {
                if (shareClassStatus != 201 && shareClassStatus != 409) {
                    return Optional.of("(POST /share-classes: " + shareClassStatus + ")");
                }
                code = data.post("/certificates", "{\"name\": \"Bench Holder\", \"amount\": 1, \"class\": \"" + BenchData.SHARE_CLASS + "\"}", admin);
                return code == 201 ? Optional.empty() : Optional.of("(POST /certificates: " + code + ")");
            }
            case "certificates-ab" -> {
                code = data.post("/certificates", CS_DATA, admin);
                return code == 201 ? Optional.empty() : Optional.of("(POST /certificates of class CS: " + code + ")");
            }
            case "impressions" -> {
                code = data.post("/items/bench-item-1/impressions", "", "bench-user-1:" + BenchData.PASSWORD);
                return code == 202 ? Optional.empty() : Optional.of("(POST /items/{item}/impressions: " + code + ")");
            }
            case "statistics" -> {
                // The contract answers 400 to a request with no filter: proof the route exists.
                code = data.get("/statistics");
                return code == 400 ? Optional.empty() : Optional.of("(GET /statistics: " + code + ")");
            }
            case "recent-items" -> {
                code = data.get("/users/bench-user-1/recent-items");
                return code == 200 ? Optional.empty() : Optional.of("(GET /users/{user}/recent-items: " + code + ")");
            }
            default -> {
                return Optional.empty();
            }
        }
    }

    /** Settle, a 1 s primer, the warm-up, then the measured run with --latency. */
    private ScenarioResult wrk(String name, String url, int seconds, int connections, Map<String, String> scenarioVars) throws IOException {
        return wrk(name, url, seconds, connections, scenarioVars, true);
    }

    private ScenarioResult wrk(String name, String url, int seconds, int connections, Map<String, String> scenarioVars,
                               boolean settle) throws IOException {
        Map<String, String> vars = vars(scenarioVars);
        int threads = Math.min(options.threads(), connections);
        if (settle) {
            measurer.settle();
        }
        LOG.info(name + ": primer, " + options.warmup() + " s warm-up, " + seconds + " s measured");
        generator.unmeasured(generator.wrkCommand(url, 1, Math.min(8, connections), 1, false, "5s"), vars, raw.resolve(name + ".primer.txt"));
        if (options.warmup() > 0) {
            generator.unmeasured(generator.wrkCommand(url, threads, connections, options.warmup(), false, "5s"), vars,
                    raw.resolve(name + ".warmup.txt"));
        }
        List<String> measured = generator.wrkCommand(url, threads, connections, seconds, true, "5s");
        Path output = fresh(name + ".txt");
        return measurer.measure(name, Measurer.shellText(vars, measured), seconds, !Scenario.isReference(name),
                withStages(name, () -> generator.measured(measured, vars, output, raw.resolve(name + ".time"))), LoadResult::fromWrkOutput);
    }

    /**
     * Pulley's certificate load exactly as the seed runs it, no keep-alive, 20 concurrent: 10,000 grants
     * of the cs.data body; its issuer credentials are the admin's. A short unmeasured ab run of the same
     * kind first, so the JVMs have compiled the certificate path.
     */
    private void certificatesAb(String name, String url) throws IOException {
        Path body = raw.resolve("cs.data");
        Files.writeString(body, CS_DATA);
        List<String> flags = List.of("-n", Integer.toString(Catalogue.AB_CERT_REQUESTS), "-c", Integer.toString(Catalogue.AB_CERT_CONCURRENCY),
                "-T", "application/json", "-p", body.toString(), "-A", admin);
        List<String> warmup = List.of("-n", Integer.toString(AB_WARMUP_REQUESTS), "-c", Integer.toString(Catalogue.AB_CERT_CONCURRENCY),
                "-T", "application/json", "-p", body.toString(), "-A", admin);
        measurer.settle();
        LOG.info(name + ": warm-up of " + AB_WARMUP_REQUESTS + " requests, then " + String.join(" ", flags).replace(admin, "$ADMIN"));
        generator.unmeasured(LoadGenerator.abCommand(warmup, url), Map.of(), raw.resolve(name + ".warmup.txt"));
        List<String> command = LoadGenerator.abCommand(flags, url);
        Path output = fresh(name + ".txt");
        measurer.measure(name, Measurer.shellText(Map.of(), command), 0, !Scenario.isReference(name),
                withStages(name, () -> generator.measured(command, Map.of(), output, raw.resolve(name + ".time"))),
                LoadResult::fromAbOutput);
    }

    /**
     * The load, and for a scenario of the latency breakdown ({@link LatencyStages}) the servers' own timings
     * read right before and after it: the acceptor's histograms (none for a reference) and the script time of
     * the Redis the scenario writes to, kept in the notes for the report.
     */
    private Measurer.Load withStages(String name, Measurer.Load load) {
        if (!LatencyStages.applies(name)) {
            return load;
        }
        boolean reference = Scenario.isReference(name);
        StageProbe probe = new StageProbe(reference ? OptionalInt.empty() : OptionalInt.of(stack.port("acceptor-1")),
                reference ? references.redisPort() : stack.redisPorts().get(0));
        return () -> {
            StageWindow.Snapshot before = probe.take();
            LoadGenerator.Run run = load.run();
            notes.put(LatencyStages.noteKey(name), StageWindow.between(before, probe.take()).toNote());
            return run;
        };
    }

    /** The seed's own load, unchanged, then a count of what was recorded for item 999 and a check of its seq. */
    private void abSeed() throws IOException {
        List<String> command = LoadGenerator.abCommand(List.of("-r", "-k", "-m", "PUT", "-A", "john:12345",
                "-c", Integer.toString(Catalogue.AB_SEED_CONCURRENCY), "-n", Integer.toString(Catalogue.AB_SEED_REQUESTS)),
                base + "/items/999/bids");
        measurer.settle();
        LOG.info("ab-seed: " + String.join(" ", command));
        int before = data.seqs("999").size();
        Path output = fresh("ab-seed.txt");
        ScenarioResult r = measurer.measure("ab-seed", Measurer.shellText(Map.of(), command), 0, true,
                () -> generator.measured(command, Map.of(), output, raw.resolve("ab-seed.time")), LoadResult::fromAbOutput);
        List<Long> seqs = data.seqs("999");
        int recorded = seqs.size() - before;
        notes.put("ab-recorded", Integer.toString(recorded));
        notes.put("ab-seq", BenchData.checkSeqs(seqs));
        r.result().ifPresent(l -> LOG.info("ab-seed: " + recorded + " bids recorded of " + Catalogue.AB_SEED_REQUESTS + " sent; "
                + notes.getOr("ab-seq", "")));
    }

    private void twoAcceptors(int seconds, int connections, Map<String, String> bids) throws IOException {
        LOG.info("scaling to two acceptors");
        stack.up(2);
        data.warmCredentials(stack.port("acceptor-2"), Catalogue.USERS);
        warmJvm("acceptor-2", "http://127.0.0.1:" + stack.port("acceptor-2"), () -> stack.pid("acceptor-2").stream().toList());
        wrk("bids-nginx-2acc", base, seconds, connections, bids);
        notes.put("rss-bids-nginx-2acc", rss("acceptor-1") + " + " + rss("acceptor-2"));
    }

    /**
     * bids-nginx again while another wrk sends wrong passwords for names that are not the bidders'
     * (attack-1..N, none registered) through nginx, from the start of the primer to the end of the
     * measured run. Both come from 127.0.0.1, as bidders and an attacker behind one NAT would: the abuse
     * limits must refuse the attacker without refusing the bidders, whose credentials are verified.
     */
    private void attack(int seconds, int connections, Map<String, String> bids) throws IOException {
        measurer.settle();
        int attackSeconds = seconds + options.warmup() + 4;
        LOG.info("bids-attack: " + Catalogue.ATTACK_CONNECTIONS + " connections guessing passwords for " + attackSeconds + " s");
        Map<String, String> attackerVars = Map.of("BENCH_USERS", Integer.toString(Catalogue.ATTACK_NAMES), "BENCH_USER_PREFIX", "attack-",
                "BENCH_PASSWORD", "wrong-password", "BENCH_ITEMS", Integer.toString(Catalogue.ITEMS), "BENCH_BODY", BID_BODY);
        Path attackerOutput = fresh("bids-attack.attacker.txt");
        Process attacker = generator.inBackground(generator.wrkCommand(base, 1, Catalogue.ATTACK_CONNECTIONS, attackSeconds, false, "10s"),
                attackerVars, attackerOutput);
        try {
            Waiting.sleep(1000);
            wrk("bids-attack", base, seconds, connections, bids, false);
        } finally {
            Commands.finish(attacker, Duration.ofSeconds(attackSeconds + 30L));
        }
        LoadResult.fromWrkOutput(Files.readString(attackerOutput)).ifPresent(a -> notes.put("attack", String.format(Locale.ROOT,
                "attacker: %.1f req/s, all refused (%d non-2xx of %d)", a.rps(), a.non2xx(), a.requests())));
        notes.get("attack").ifPresent(a -> LOG.info("bids-attack: " + a));
    }

    /**
     * live-hot: 1,000 subscribers (and 10 that never read) follow the hot item's stream through nginx,
     * where the tool places {@code --hot-rate} bids a second ({@link LiveLoad#HOT_PROBES_PER_SECOND} by default), while bids-nginx runs
     * unchanged (same wrk flags and items) through the same nginx. The hot item's bid rate is the probes'
     * and fixed: bids/s x subscribers is the delivery rate the fan-out must reach, and wrk aimed at the one
     * item asks a million deliveries a second of two shared cores (docs/performance.md, "Live streams").
     * The tool opens its streams after the wrk primer and warm-up; the measured wrk run starts once they
     * are open and settled, one second before the first probe, and ends after the last probe's grace.
     * CPU per request is per delivered event.
     */
    private void liveHot(int seconds, int connections, Map<String, String> bids) throws IOException {
        Map<String, String> vars = vars(bids);
        int threads = Math.min(options.threads(), connections);
        measurer.settle();
        LOG.info("live-hot: primer and " + options.warmup() + " s warm-up of bids-nginx's load, then "
                + (LiveLoad.HOT_SUBSCRIBERS + LiveLoad.HOT_SLOW) + " streams on the hot item, then " + seconds + " s measured");
        generator.unmeasured(generator.wrkCommand(base, 1, Math.min(8, connections), 1, false, "5s"), vars, raw.resolve("live-hot.primer.txt"));
        if (options.warmup() > 0) {
            generator.unmeasured(generator.wrkCommand(base, threads, connections, options.warmup(), false, "5s"), vars,
                    raw.resolve("live-hot.warmup.txt"));
        }
        int window = LiveLoad.HOT_LEAD_IN_SECONDS + seconds + LiveLoad.GRACE_SECONDS;
        List<String> wrk = generator.wrkCommand(base, threads, connections, window, true, "5s");
        JitSettling.Round bidding = (round, elapsed) -> generator.unmeasured(generator.wrkCommand(base, threads, connections, round, false,
                "5s"), vars, raw.resolve("live-hot.jit-warmup-" + elapsed + "s.txt"));
        live("live-hot", base, List.of("--items", LiveLoad.HOT_ITEM), LiveLoad.HOT_SUBSCRIBERS + LiveLoad.HOT_SLOW, LiveLoad.HOT_SLOW,
                LiveLoad.HOT_LEAD_IN_SECONDS, seconds, options.hotRate(), window, Optional.of(wrk), vars, bidding);
    }

    /**
     * live-spread: 10,000 subscribers over the first 100 bench items, straight to the query-api
     * instance's own port (the figure is per instance, and through nginx one address may hold only
     * GAVEL_NGINX_CONN_PER_ADDRESS connections), 50 probe bids a second through nginx, no other load.
     */
    private void liveSpread(int seconds) throws IOException {
        measurer.settle();
        LOG.info("live-spread: " + LiveLoad.SPREAD_SUBSCRIBERS + " streams over " + LiveLoad.SPREAD_ITEMS + " items, then " + seconds
                + " s measured");
        live("live-spread", "http://127.0.0.1:" + stack.port("query"), List.of("--item-prefix", "bench-item-", "--item-count",
                        Integer.toString(LiveLoad.SPREAD_ITEMS)), LiveLoad.SPREAD_SUBSCRIBERS, 0, 0, seconds,
                LiveLoad.SPREAD_PROBES_PER_SECOND, seconds + LiveLoad.GRACE_SECONDS, Optional.empty(), Map.of(),
                (round, elapsed) -> Waiting.sleep(round * 1000L));
    }

    /**
     * Starts the live tool and waits until its streams are open and settled (its warming file); then the
     * warm-up: the tool probes, unmeasured, while {@code warmupRound} keeps the scenario's other load going
     * (live-hot's bids) under {@link JitSettling}'s rule over query-api's and the tool's compiler threads,
     * and the runner's warmed file ends it. Once the tool is ready (its warm-up probes answered), measures
     * from there to its end, with the wrk bid load alongside when there is one.
     */
    private void live(String name, String streamUrl, List<String> itemFlags, int subscribers, int slow, int leadIn, int seconds,
                      int probesPerSecond, int window, Optional<List<String>> wrk, Map<String, String> wrkVars,
                      JitSettling.Round warmupRound) throws IOException {
        if (!Files.isRegularFile(liveJar)) {
            measurer.skipped(name, ScenarioResult.State.FAILED, "(no " + liveJar + ")");
            return;
        }
        long queryPid = stack.pid("query").orElse(0L);
        Path json = fresh(name + ".json");
        Path ready = fresh(name + ".ready");
        Path warming = fresh(name + ".warming");
        Path warmed = fresh(name + ".warmed");
        List<String> tool = LiveLoad.command(liveJar, streamUrl, base, itemFlags, subscribers, slow, leadIn, seconds,
                probesPerSecond, queryPid, json, ready, options.jitWarmup(), warming, warmed);
        Process process = generator.inBackground(tool, Map.of(), fresh(name + ".tool.txt"));
        try {
            long openSeconds = subscribers / LiveLoad.RAMP_PER_SECOND + LiveLoad.SETTLE_SECONDS + 90L;
            if (!awaitReady(process, warming, Duration.ofSeconds(openSeconds))) {
                measurer.skipped(name, ScenarioResult.State.FAILED, "(the live tool did not open its streams; see raw/" + name + ".tool.txt)");
                return;
            }
            if (options.jitWarmup() > 0) {
                LOG.info(name + ": warm-up, " + options.jitWarmup() + " s, then until query-api's and the tool's compiler threads settle");
                List<Long> jvms = List.of(queryPid, process.pid());
                JitSettling.Outcome warm = JitSettling.warm(options.jitWarmup(), warmupRound, () -> JitActivity.compilerTicks(jvms),
                        ticksPerSecond);
                LOG.info(name + ": warm-up took " + warm.text());
                notes.put("live-warmup-" + name, warm.text());
            }
            Files.writeString(warmed, "warmed\n");
            if (!awaitReady(process, ready, WARMUP_END_TIMEOUT)) {
                measurer.skipped(name, ScenarioResult.State.FAILED, "(the live tool did not end its warm-up; see raw/" + name + ".tool.txt)");
                return;
            }
            Duration toolDeadline = Duration.ofSeconds(leadIn + seconds + 120L);
            String text = wrk.map(w -> Measurer.shellText(wrkVars, w) + "\n").orElse("") + Measurer.shellText(Map.of(), tool);
            Path wrkOutput = fresh(name + ".txt");
            // query-api's own lag from append to write, over the same window: what of the delay is inside query-api.
            MetricsPage metrics = new MetricsPage();
            int queryPort = stack.port("query");
            String lagBefore = metrics.read(queryPort);
            measurer.measure(name, text, window, true, () -> {
                LoadGenerator.Run bids = wrk.isPresent()
                        ? generator.measured(wrk.get(), wrkVars, wrkOutput, raw.resolve(name + ".time"))
                        : new LoadGenerator.Run("", 0);
                Commands.finish(process, toolDeadline);
                HistogramWindow.between(lagBefore, metrics.read(queryPort), HistogramWindow.LIVE_LAG_FAMILY)
                        .filter(lag -> lag.count() > 0)
                        .ifPresent(lag -> notes.put(LiveLoad.lagNoteKey(name), lag.millisecondsText()));
                String report = Files.exists(json) ? Files.readString(json) : "";
                return new LoadGenerator.Run(report + "\n" + bids.output(), bids.ticks() + LiveLoad.toolTicks(report, ticksPerSecond));
            }, output -> LiveLoad.result(output, LoadResult.fromWrkOutput(output)));
        } finally {
            Commands.stop(process);
        }
    }

    /** True once the tool has written its ready file; false if it ended first or the deadline passed. */
    private static boolean awaitReady(Process tool, Path ready, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(ready)) {
                return true;
            }
            if (!tool.isAlive()) {
                return false;
            }
            Waiting.sleep(100);
        }
        return false;
    }

    private static Map<String, String> reads(String path) {
        return Map.of("BENCH_METHOD", "GET", "BENCH_AUTH", "none", "BENCH_PATH", path);
    }

    /** Every scenario's variables for requests.lua: the data's shape, then the scenario's own. */
    private Map<String, String> vars(Map<String, String> scenarioVars) {
        Map<String, String> vars = new LinkedHashMap<>();
        vars.put("BENCH_ITEMS", Integer.toString(Catalogue.ITEMS));
        vars.put("BENCH_USERS", Integer.toString(Catalogue.USERS));
        vars.put("BENCH_PASSWORD", BenchData.PASSWORD);
        vars.put("BENCH_ADMIN", admin);
        vars.putAll(new TreeMap<>(scenarioVars));
        return vars;
    }

    private String rss(String component) {
        return stack.pid(component).map(ProcInfo::rssMib).orElse("?");
    }

    private Path fresh(String file) throws IOException {
        Path path = raw.resolve(file);
        Files.deleteIfExists(path);
        return path;
    }
}
