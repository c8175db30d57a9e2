package dev.gavel.bench.runner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the external programs of a benchmark (wrk, ab, bin/gavel, redis-server, nginx, java) with a
 * deadline each: a command still running at its deadline is stopped, so no step can hang the run.
 */
final class Commands {

    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Map<String, String> environment;

    /** {@code environment}: the variables every command gets (the runner's own, with the stack's settings). */
    Commands(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /** Runs to the end (or the deadline), stdout and stderr appended to {@code output}; the exit status, -1 on timeout. */
    int run(List<String> command, Map<String, String> extraEnv, Path output, Duration timeout) {
        Process process = start(command, extraEnv, output);
        return finish(process, timeout);
    }

    /** Runs to the end (or the deadline) and returns what it printed, stdout and stderr together. */
    String capture(List<String> command, Duration timeout) {
        try {
            Path output = Files.createTempFile("gavel-bench-", ".out");
            try {
                run(command, Map.of(), output, timeout);
                return Files.readString(output, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new BenchFailure("could not run " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** Starts in the background, stdout and stderr appended to {@code output}. */
    Process start(List<String> command, Map<String, String> extraEnv, Path output) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().clear();
        builder.environment().putAll(environment);
        builder.environment().putAll(extraEnv);
        try {
            return builder.start();
        } catch (IOException e) {
            throw new BenchFailure("could not start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Waits for the process until the deadline, then stops it and what it started (a load generator
     * under GNU time is time's child); its status, -1 when stopped.
     */
    static int finish(Process process, Duration timeout) {
        try {
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                return process.exitValue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ProcessHandle> children = process.descendants().toList();
        children.forEach(ProcessHandle::destroy);
        stop(process);
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                child.destroyForcibly();
            } catch (ExecutionException | TimeoutException e) {
                child.destroyForcibly();
            }
        }
        return -1;
    }

    /** TERM, a grace period, then KILL: for processes this runner started, by their handle only. */
    static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
