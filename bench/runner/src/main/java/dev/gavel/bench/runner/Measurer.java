package dev.gavel.bench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * Measures one run: waits until the machine is quiet, takes the load average, the AOF rewrite
 * counts and the CPU of every tracked process before and after the load, reads the archive lag at
 * its end, and appends the result to results.tsv and the exact command to commands.txt. For a scenario
 * on the stack it also writes what the stack's Redis did per request, NAME.redis.tsv ({@link RedisWork}).
 */
final class Measurer {

    /** The measured load itself: runs it and returns its output and the generator's ticks. */
    @FunctionalInterface
    interface Load {
        LoadGenerator.Run run() throws IOException;
    }

    private static final Logger LOG = Logger.getLogger(Measurer.class.getName());
    private static final int SETTLE_SECONDS = 30;
    private static final double IDLE_SHARE_OF_A_CORE = 0.15;

    private final TrackedProcesses processes;
    private final ResultsFile results;
    private final Path commandsFile;
    private final String secret;
    private final List<Integer> stackRedisPorts;
    private final int referenceRedisPort;
    private final boolean archive;
    private final int cores;
    private final long ticksPerSecond;

    /**
     * {@code secret}: the admin password, never written to commands.txt; {@code stackRedisPorts}: every
     * primary of the stack's Redis (one port for a single Redis, one per primary of a cluster).
     */
    Measurer(TrackedProcesses processes, ResultsFile results, Path commandsFile, String secret, List<Integer> stackRedisPorts,
             int referenceRedisPort, boolean archive, int cores, long ticksPerSecond) {
        this.processes = processes;
        this.results = results;
        this.commandsFile = commandsFile;
        this.secret = secret;
        this.stackRedisPorts = List.copyOf(stackRedisPorts);
        this.referenceRedisPort = referenceRedisPort;
        this.archive = archive;
        this.cores = cores;
        this.ticksPerSecond = ticksPerSecond;
    }

    /**
     * Waits (at most 30 s) until the processes this run started are nearly idle: the archive copies
     * every accepted write after it is acknowledged, and its backlog from one scenario must not be
     * charged to the next one (or to a reference).
     */
    void settle() {
        settle(SETTLE_SECONDS);
    }

    /** As {@link #settle()}, waiting at most {@code maxSeconds}: after a long warm-up the backlog is larger. */
    void settle(int maxSeconds) {
        long busy = 0;
        for (int i = 0; i < maxSeconds; i++) {
            long before = CpuSnapshot.take(processes).ours();
            Waiting.sleep(1000);
            busy = CpuSnapshot.take(processes).ours() - before;
            if (busy < IDLE_SHARE_OF_A_CORE * ticksPerSecond) {
                return;
            }
        }
        LOG.info(String.format(Locale.ROOT, "still busy after %d s (%.0f%% of a core); measuring anyway", maxSeconds,
                100.0 * busy / ticksPerSecond));
    }

    /**
     * Runs the measured load and records it. {@code seconds}: how long it was meant to take (wrk's
     * -d), or 0 to take ab's own "Time taken"; {@code stackScenario}: whether the archive lag applies.
     */
    ScenarioResult measure(String name, String commandText, int seconds, boolean stackScenario, Load load,
                           Function<String, Optional<LoadResult>> parse) throws IOException {
        logCommand(name, commandText);
        String loadBefore = loadAverage();
        AofRewrites.Count rewritesBefore = AofRewrites.count(stackRedisPorts, referenceRedisPort);
        boolean lagApplies = stackScenario && archive;
        DerivedLagSampler derived = lagApplies ? DerivedLagSampler.start(stackRedisPorts) : null;
        Map<Integer, RedisWork.Node> workBefore = stackScenario ? RedisWork.take(stackRedisPorts) : Map.of();
        CpuSnapshot cpuBefore = CpuSnapshot.take(processes);
        LoadGenerator.Run run = load.run();
        CpuSnapshot cpuAfter = CpuSnapshot.take(processes);
        Map<Integer, RedisWork.Node> workAfter = stackScenario ? RedisWork.take(stackRedisPorts) : Map.of();
        Optional<ArchiveLag> lag = Optional.empty();
        if (lagApplies) {
            derived.close();
            lag = archiveLag().map(archived -> archived.withDerivedP99(derived.p99()));
        }
        AofRewrites rewrites = AofRewrites.since(rewritesBefore, stackRedisPorts, referenceRedisPort);
        String loadText = loadBefore + " -> " + loadAverage();
        Optional<LoadResult> result = parse.apply(run.output());
        if (result.isEmpty()) {
            LOG.info(name + ": the load generator gave no result (see raw/" + name + ".txt)");
            ScenarioResult failed = ScenarioResult.notMeasured(name, ScenarioResult.State.FAILED, "no result from the load generator");
            results.append(failed);
            return failed;
        }
        if (stackScenario) {
            Files.writeString(commandsFile.resolveSibling(name + ".redis.tsv"),
                    RedisWork.table(workBefore, workAfter, result.get().requests(), stackRedisPorts), StandardCharsets.UTF_8);
        }
        double measuredSeconds = seconds > 0 ? seconds : result.get().seconds();
        CpuUse cpu = CpuUse.between(cpuBefore, cpuAfter, result.get().requests(), measuredSeconds, run.ticks(), cores, ticksPerSecond);
        ScenarioResult r = new ScenarioResult(name, ScenarioResult.State.OK, "", result, loadText, cpu, Optional.of(rewrites), lag);
        results.append(r);
        LoadResult l = result.get();
        LOG.info(String.format(Locale.ROOT, "%s: %.0f req/s, p50 %.2f ms, p99 %.2f ms, non-2xx %d%s", name, l.rps(),
                l.p50Us() / 1000.0, l.p99Us() / 1000.0, l.non2xx(),
                lag.map(a -> String.format(Locale.ROOT, ", archive lag %.1f s%s, derived views p99 lag %.2f s", a.seconds(),
                        a.sustained() ? "" : " (NOT sustained)", a.derivedP99Seconds()))
                        .orElse("")));
        return r;
    }

    /** The lag, or none (reported as "-") when the stack's Redis did not answer the questions in time. */
    private Optional<ArchiveLag> archiveLag() {
        try {
            return ArchiveLag.measure(stackRedisPorts);
        } catch (IOException e) {
            LOG.warning("could not read the archive lag from Redis: " + e.getMessage());
            return Optional.empty();
        }
    }

    /** Records a scenario that did not run. */
    void skipped(String name, ScenarioResult.State state, String why) throws IOException {
        LOG.info(name + ": " + (state == ScenarioResult.State.NOT_AVAILABLE ? "not available " : "") + why);
        results.append(ScenarioResult.notMeasured(name, state, why));
    }

    private void logCommand(String name, String commandText) throws IOException {
        String time = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("HH:mm:ss'Z'"));
        String text = "# " + name + "  (" + time + ")\n" + commandText.replace(secret, "$GAVEL_ADMIN_PASSWORD") + "\n";
        Files.writeString(commandsFile, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    /** The command as a shell would take it, with the variables it ran with. */
    static String shellText(Map<String, String> vars, List<String> command) {
        StringBuilder text = new StringBuilder(vars.isEmpty() ? "" : "env");
        vars.forEach((k, v) -> text.append(' ').append(k).append('=').append(quote(v)));
        for (String arg : command) {
            text.append(text.isEmpty() ? "" : " ").append(quote(arg));
        }
        return text.toString();
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9_./:=@%+,-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "?";
        }
    }
}
