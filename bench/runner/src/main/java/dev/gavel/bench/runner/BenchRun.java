package dev.gavel.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * One benchmark run from start to end: build, start the stack and the references, create the data,
 * warm every JVM, run the selected scenarios, write the report, and stop everything it started (also
 * on Ctrl-C, through a shutdown hook).
 */
final class BenchRun {

    private static final Logger LOG = Logger.getLogger(BenchRun.class.getName());

    private final Options options;
    private final Path root;
    private final AtomicBoolean stopped = new AtomicBoolean();

    BenchRun(Options options, Path root) {
        this.options = options;
        this.root = root;
    }

    /** The results directory. */
    Path run() throws IOException {
        String stamp = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HHmmss'Z'"));
        Path out = options.out().orElse(root.resolve("bench/results").resolve(stamp)).toAbsolutePath().normalize();
        Path raw = out.resolve("raw");
        Files.createDirectories(raw.resolve("ref"));
        Files.writeString(raw.resolve("results.tsv"), "");
        Files.writeString(raw.resolve("commands.txt"), "");
        LOG.info("results in " + out);
        checkTools();

        String adminPassword = "bench-admin-" + HexFormat.of().formatHex(new SecureRandom().generateSeed(6));
        Commands commands = new Commands(stackEnvironment(raw.resolve("home"), adminPassword, 1));
        Stack stack = new Stack(root, raw.resolve("home"), raw.resolve("stack.log"), commands);
        // Started only if a scenario on a cluster runs, and only once the main stack is down.
        Path clusterHome = raw.resolve("home-cluster" + Catalogue.CLUSTER_SHARDS);
        Stack cluster = new Stack(root, clusterHome, raw.resolve("stack-cluster" + Catalogue.CLUSTER_SHARDS + ".log"),
                new Commands(stackEnvironment(clusterHome, adminPassword, Catalogue.CLUSTER_SHARDS)));
        ReferenceServers references = new ReferenceServers(root, raw.resolve("ref"), commands);
        Thread cleanup = new Thread(() -> stop(List.of(stack, cluster), references, raw), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        Notes notes = new Notes();
        recordSettings(notes, commands, stamp);
        boolean done = false;
        try {
            if (options.build()) {
                Build build = new Build(root, commands, raw.resolve("build.log"));
                build.ifStale();
                if (Catalogue.select(options.scenarios()).stream().anyMatch(s -> Scenario.isLive(s.name()))) {
                    build.liveToolIfStale();
                }
            }
            measure(stack, cluster, references, commands, raw, adminPassword, notes);
            done = true;
        } finally {
            stop(List.of(stack, cluster), references, raw);
            removeHook(cleanup);
            notes.put("load-end", Measurer.loadAverage());
            notes.save(raw.resolve("notes.properties"));
            if (!done) {
                partialReport(out);
            }
        }
        new Report(out).write();
        LOG.info("report: " + out.resolve("report.md"));
        return out;
    }

    /** After a failure: the scenarios measured so far still get their report, without hiding the failure. */
    private static void partialReport(Path out) {
        try {
            if (Files.size(out.resolve("raw/results.tsv")) > 0) {
                new Report(out).write();
                LOG.info("stopped early; the report of the scenarios measured so far: " + out.resolve("report.md"));
                return;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warning("no report of the scenarios measured so far: " + e.getMessage());
        }
        LOG.info("stopped early; partial output in " + out);
    }

    /** What the scenario runner of either stack shares with the other's: the references, the load generator, the notes and files. */
    private record Shared(ReferenceServers references, LoadGenerator generator, Notes notes, Path raw, String adminPassword,
                          String base, String admin, int cores, long ticksPerSecond) {
    }

    private void measure(Stack stack, Stack cluster, ReferenceServers references, Commands commands, Path raw, String adminPassword,
                         Notes notes) throws IOException {
        List<Scenario> scenarios = Catalogue.select(options.scenarios());
        String admin = "admin:" + adminPassword;
        String base = "http://127.0.0.1:" + options.port();
        LOG.info("starting the stack on port " + options.port() + " (GAVEL_HOME=" + raw.resolve("home") + ", archive "
                + (options.archive() ? "on" : "off") + ")");
        stack.up(1);
        stack.demo();
        Ports ports = new Ports();
        stack.ports().values().forEach(ports::reserve);
        List<String> acceptorFlags = stack.pid("acceptor-1").map(ProcInfo::jvmFlags).orElse(List.of());
        notes.put("acceptor-flags", String.join(" ", acceptorFlags));
        notes.put("query-flags", String.join(" ", stack.pid("query").map(ProcInfo::jvmFlags).orElse(List.of())));
        LOG.info("starting the reference servers");
        boolean script = scenarios.stream().anyMatch(s -> s.name().startsWith("ref-script"));
        references.start(ports, options.port(), acceptorFlags, script);

        BenchData data = createData(stack, base, admin);
        int shareClass = data.createShareClass();
        long hz = ticksPerSecond(commands);
        LoadGenerator generator = new LoadGenerator(commands, root.resolve("bench/wrk/requests.lua"), hz);
        Shared shared = new Shared(references, generator, notes, raw, adminPassword, base, admin,
                Runtime.getRuntime().availableProcessors(), hz);
        ScenarioRunner runner = runnerFor(stack, data, shared);
        runner.shareClassCreated(shareClass);

        long started = System.nanoTime();
        if (scenarios.stream().anyMatch(s -> s.name().equals("ref-set") || s.name().startsWith("ref-nginx-set"))) {
            runner.warmJvm("reference", references.setServerUrl(), () -> references.pids().values());
        }
        if (script) {
            runner.warmJvm("reference-script", references.scriptServerUrl(), () -> references.pids().values());
        }
        runner.warmStack("stack");
        boolean onCluster = false;
        long switching = 0;
        for (Scenario scenario : scenarios) {
            if (scenario.onCluster() && !onCluster) {
                noteEndOfMainStack(stack, notes);
                long switchStarted = System.nanoTime();
                runner = switchToCluster(stack, cluster, shared);
                switching = System.nanoTime() - switchStarted;
                runner.warmStack("stack-cluster" + Catalogue.CLUSTER_SHARDS);
                onCluster = true;
            }
            runner.run(scenario);
        }
        if (!onCluster) {
            noteEndOfMainStack(stack, notes);
        }
        notes.put("elapsed", Long.toString(Duration.ofNanos(System.nanoTime() - started - switching).toSeconds()));
    }

    /** The bench users, items and hot item, and every bench user's password in acceptor-1's credential cache. */
    private static BenchData createData(Stack stack, String base, String admin) {
        BenchData data = new BenchData(base, admin);
        LOG.info("creating " + Catalogue.USERS + " users, " + Catalogue.ITEMS + " items and the hot item");
        data.create(Catalogue.USERS, Catalogue.ITEMS);
        LOG.info("warming the credential cache of acceptor-1 (" + Catalogue.USERS + " users)");
        data.warmCredentials(stack.port("acceptor-1"), Catalogue.USERS);
        return data;
    }

    /** A scenario runner on this stack: its processes (and the references) tracked, its Redis primaries read for lags and rewrites. */
    private ScenarioRunner runnerFor(Stack stack, BenchData data, Shared shared) {
        TrackedProcesses tracked = new TrackedProcesses(stack.runDir(), shared.references().pids());
        Measurer measurer = new Measurer(tracked, new ResultsFile(shared.raw().resolve("results.tsv")), shared.raw().resolve("commands.txt"),
                shared.adminPassword(), stack.redisPorts(), shared.references().redisPort(), options.archive(), shared.cores(),
                shared.ticksPerSecond());
        return new ScenarioRunner(options, stack, shared.references(), data, shared.generator(), measurer, shared.notes(), shared.raw(),
                shared.base(), shared.admin(), root.resolve(Build.LIVE_JAR), shared.ticksPerSecond());
    }

    /**
     * The cluster stack in place of the main one, prepared as the main stack was: the main stack is
     * stopped first, so the cluster's processes never share the two cores with an idle stack's (JVM
     * housekeeping, the processor's polling, three more Redis event loops), and the cluster stack takes the
     * same GAVEL_PORT, so the load goes to the same URL. It gets the demo data, the bench data and the
     * credential cache the main stack got (and then, from the caller, the same JIT warm-up).
     */
    private ScenarioRunner switchToCluster(Stack stack, Stack cluster, Shared shared) {
        LOG.info("stopping the main stack, so the cluster stack has the cores to itself");
        if (!stack.down()) {
            throw new BenchFailure("bin/gavel down of the main stack failed; see " + shared.raw().resolve("stack.log"));
        }
        LOG.info("starting the cluster stack on port " + options.port() + " (GAVEL_REDIS_SHARDS=" + Catalogue.CLUSTER_SHARDS
                + ", GAVEL_HOME=" + cluster.runDir().getParent() + ")");
        cluster.up(1);
        cluster.demo();
        BenchData data = createData(cluster, shared.base(), shared.admin());
        ScenarioRunner runner = runnerFor(cluster, data, shared);
        shared.notes().put("cluster", "the bids-cluster" + Catalogue.CLUSTER_SHARDS + " stack: GAVEL_REDIS_SHARDS="
                + Catalogue.CLUSTER_SHARDS + ", " + Catalogue.CLUSTER_SHARDS + " primaries, no replicas, AOF fsync always on each;"
                + " its own GAVEL_HOME (raw/"
                + cluster.runDir().getParent().getFileName() + "), started on the same port after the main stack was stopped, with"
                + " the same data, credential cache and JIT warm-up; its redis column is its " + Catalogue.CLUSTER_SHARDS
                + " nodes together");
        return runner;
    }

    /** Figures of the main stack that only it can give, taken before it stops for the cluster stack (or at the end). */
    private static void noteEndOfMainStack(Stack stack, Notes notes) {
        notes.put("rss-end", stack.pid("acceptor-1").map(ProcInfo::rssMib).orElse("?"));
    }

    private void recordSettings(Notes notes, Commands commands, String stamp) {
        notes.put("stamp", stamp);
        notes.put("command", options.commandLine());
        notes.put("duration", Integer.toString(options.duration()));
        notes.put("warmup", Integer.toString(options.warmup()));
        notes.put("jit-warmup", Integer.toString(options.jitWarmup()));
        notes.put("hot-rate", Integer.toString(options.hotRate()));
        notes.put("archive", options.archive() ? "on" : "off");
        notes.put("connections", Integer.toString(options.connections()));
        notes.put("threads", Integer.toString(options.threads()));
        notes.put("users", Integer.toString(Catalogue.USERS));
        notes.put("items", Integer.toString(Catalogue.ITEMS));
        notes.put("machine", MachineInfo.describe(commands));
        notes.put("versions", MachineInfo.versions(commands));
    }

    /** The runner's environment plus the bench stack's settings, for bin/gavel and every server. */
    private Map<String, String> stackEnvironment(Path home, String adminPassword, int redisShards) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("MONGODB_URI");
        // Always a Redis of the stack's own, never an outside one from the caller's environment: one Redis,
        // or a local cluster of that many primaries without replicas (every node a primary, as the lag
        // and rewrite readers assume).
        env.remove("GAVEL_REDIS_URL");
        env.put("GAVEL_REDIS_SHARDS", Integer.toString(redisShards));
        env.put("GAVEL_REDIS_REPLICAS", "0");
        env.put("GAVEL_PORT", Integer.toString(options.port()));
        env.put("GAVEL_HOME", home.toString());
        env.put("GAVEL_ACCEPTORS", "1");
        // Every wrk connection comes from 127.0.0.1: nginx's per-address limit must not cut the load itself,
        // nor live-hot's streams, which come from there too while wrk runs.
        env.put("GAVEL_NGINX_CONN_PER_ADDRESS", Integer.toString(options.connections() + 1024 + LiveLoad.HOT_SUBSCRIBERS + LiveLoad.HOT_SLOW));
        env.put("GAVEL_ADMIN_PASSWORD", adminPassword);
        // -a off: no processor, so neither the archive nor the derived views take CPU from the write path.
        env.put("GAVEL_PROCESSORS", options.archive() ? "1" : "0");
        return env;
    }

    /** Stops the references and every stack that was started (down again on a stack already down is harmless). */
    private void stop(List<Stack> stacks, ReferenceServers references, Path raw) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        references.close();
        for (Stack stack : stacks) {
            if (!stack.down()) {
                LOG.warning("bin/gavel down failed for " + stack.runDir().getParent() + "; see the stack logs in " + raw);
            }
        }
    }

    /** After a normal end; during a shutdown (Ctrl-C) the hook is already running and stays. */
    private static void removeHook(Thread cleanup) {
        try {
            Runtime.getRuntime().removeShutdownHook(cleanup);
        } catch (IllegalStateException shuttingDown) {
            LOG.fine("shutting down: the cleanup hook has run");
        }
    }

    private static void checkTools() {
        for (String tool : List.of("wrk", "ab", "redis-server", "java")) {
            if (!onPath(tool)) {
                throw new BenchFailure(tool + " is missing (Debian: apt-get install wrk apache2-utils redis-server openjdk-17-jdk-headless)");
            }
        }
        if (!Files.isExecutable(Path.of(ReferenceServers.nginxBinary()))) {
            throw new BenchFailure("nginx is missing (Debian: apt-get install nginx)");
        }
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    /** The kernel's USER_HZ, the unit of /proc's CPU times (100 on every Linux we run). */
    private static long ticksPerSecond(Commands commands) {
        String hz = commands.capture(List.of("getconf", "CLK_TCK"), Duration.ofSeconds(10)).trim();
        return hz.matches("[0-9]+") ? Long.parseLong(hz) : 100;
    }
}
