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
        Commands commands = new Commands(stackEnvironment(raw.resolve("home"), adminPassword));
        Stack stack = new Stack(root, raw.resolve("home"), raw.resolve("stack.log"), commands);
        ReferenceServers references = new ReferenceServers(root, raw.resolve("ref"), commands);
        Thread cleanup = new Thread(() -> stop(stack, references, raw), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        Notes notes = new Notes();
        recordSettings(notes, commands, stamp);
        boolean done = false;
        try {
            if (options.build()) {
                new Build(root, commands, raw.resolve("build.log")).ifStale();
            }
            measure(stack, references, commands, raw, adminPassword, notes);
            done = true;
        } finally {
            stop(stack, references, raw);
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

    private void measure(Stack stack, ReferenceServers references, Commands commands, Path raw, String adminPassword, Notes notes)
            throws IOException {
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

        BenchData data = new BenchData(base, admin);
        LOG.info("creating " + Catalogue.USERS + " users, " + Catalogue.ITEMS + " items and the hot item");
        data.create(Catalogue.USERS, Catalogue.ITEMS);
        int shareClass = data.createShareClass();
        LOG.info("warming the credential cache of acceptor-1 (" + Catalogue.USERS + " users)");
        data.warmCredentials(stack.port("acceptor-1"), Catalogue.USERS);

        long hz = ticksPerSecond(commands);
        int cores = Runtime.getRuntime().availableProcessors();
        TrackedProcesses tracked = new TrackedProcesses(stack.runDir(), references.pids());
        Measurer measurer = new Measurer(tracked, new ResultsFile(raw.resolve("results.tsv")), raw.resolve("commands.txt"), adminPassword,
                stack.port("redis"), references.redisPort(), options.archive(), cores, hz);
        LoadGenerator generator = new LoadGenerator(commands, root.resolve("bench/wrk/requests.lua"), hz);
        ScenarioRunner runner = new ScenarioRunner(options, stack, references, data, generator, measurer, notes, raw, base, admin);
        runner.shareClassCreated(shareClass);

        long started = System.nanoTime();
        if (scenarios.stream().anyMatch(s -> s.name().equals("ref-set") || s.name().startsWith("ref-nginx-set"))) {
            runner.warmJvm("reference", references.setServerUrl());
        }
        if (script) {
            runner.warmJvm("reference-script", references.scriptServerUrl());
        }
        runner.warmJvm("stack", base);
        for (Scenario scenario : scenarios) {
            runner.run(scenario);
        }
        notes.put("rss-end", stack.pid("acceptor-1").map(ProcInfo::rssMib).orElse("?"));
        notes.put("elapsed", Long.toString(Duration.ofNanos(System.nanoTime() - started).toSeconds()));
    }

    private void recordSettings(Notes notes, Commands commands, String stamp) {
        notes.put("stamp", stamp);
        notes.put("command", options.commandLine());
        notes.put("duration", Integer.toString(options.duration()));
        notes.put("warmup", Integer.toString(options.warmup()));
        notes.put("jit-warmup", Integer.toString(options.jitWarmup()));
        notes.put("archive", options.archive() ? "on" : "off");
        notes.put("connections", Integer.toString(options.connections()));
        notes.put("threads", Integer.toString(options.threads()));
        notes.put("users", Integer.toString(Catalogue.USERS));
        notes.put("items", Integer.toString(Catalogue.ITEMS));
        notes.put("machine", MachineInfo.describe(commands));
        notes.put("versions", MachineInfo.versions(commands));
    }

    /** The runner's environment plus the bench stack's settings, for bin/gavel and every server. */
    private Map<String, String> stackEnvironment(Path home, String adminPassword) {
        Map<String, String> env = new HashMap<>(System.getenv());
        env.remove("MONGODB_URI");
        env.put("GAVEL_PORT", Integer.toString(options.port()));
        env.put("GAVEL_HOME", home.toString());
        env.put("GAVEL_ACCEPTORS", "1");
        // Every wrk connection comes from 127.0.0.1: nginx's per-address limit must not cut the load itself.
        env.put("GAVEL_NGINX_CONN_PER_ADDRESS", Integer.toString(options.connections() + 1024));
        env.put("GAVEL_ADMIN_PASSWORD", adminPassword);
        // -a off: no processor, so neither the archive nor the derived views take CPU from the write path.
        env.put("GAVEL_PROCESSORS", options.archive() ? "1" : "0");
        return env;
    }

    private void stop(Stack stack, ReferenceServers references, Path raw) {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        references.close();
        if (!stack.down()) {
            LOG.warning("bin/gavel down failed; see " + raw.resolve("stack.log"));
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
