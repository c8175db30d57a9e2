package dev.gavel.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Injects the fault suite's faults into one stack, one at a time: SIGKILL of a component followed by
 * {@code bin/gavel up} (which restarts only what died), or SIGSTOP for a few seconds followed by SIGCONT. It
 * signals only the pids that {@code bin/gavel} recorded for this stack, and only while such a pid still
 * belongs to this stack's home.
 */
final class FaultInjector {

    /** One cycle: every process of the stack killed once, both stores frozen once. */
    static final List<String> CYCLE = List.of("kill redis", "kill acceptor-1", "freeze redis", "kill query",
            "kill processor-1", "kill mongo", "freeze mongo", "kill nginx");

    private static final Duration OUTAGE = Duration.ofSeconds(1);
    private static final Duration FREEZE = Duration.ofSeconds(3);
    private static final long UP_TIMEOUT_SECONDS = 240;

    private final Stack stack;
    private final FaultTimeline timeline;

    FaultInjector(Stack stack, FaultTimeline timeline) {
        this.stack = stack;
        this.timeline = timeline;
    }

    /** Runs one fault of {@link #CYCLE}, and returns once the stack is whole again. */
    void inject(String fault) throws InterruptedException {
        String component = fault.substring(fault.indexOf(' ') + 1);
        if (fault.startsWith("kill ")) {
            kill(component);
        } else {
            freeze(component);
        }
    }

    private void kill(String component) throws InterruptedException {
        long pid = ownPid(component);
        Instant start = Instant.now();
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(component + " is not running"));
        process.destroyForcibly();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError(component + " (pid " + pid + ") survived SIGKILL", e);
        }
        Thread.sleep(OUTAGE.toMillis());
        try {
            stack.gavel("up", UP_TIMEOUT_SECONDS);
        } finally {
            timeline.add(new FaultTimeline.Fault("SIGKILL " + component + " (pid " + pid + ")", start, Instant.now()));
        }
    }

    private void freeze(String component) throws InterruptedException {
        long pid = ownPid(component);
        Instant start = Instant.now();
        signal("STOP", pid);
        try {
            Thread.sleep(FREEZE.toMillis());
        } finally {
            signal("CONT", pid);
            timeline.add(new FaultTimeline.Fault("SIGSTOP " + component + " (pid " + pid + ")", start, Instant.now()));
        }
    }

    /** The recorded pid, checked to be a live process working in this stack's home (as bin/gavel checks it). */
    private long ownPid(String component) {
        long pid = stack.pidOf(component);
        try {
            Path cwd = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "cwd"));
            if (!cwd.startsWith(stack.home())) {
                throw new AssertionError(component + " pid " + pid + " works in " + cwd + ", not in " + stack.home());
            }
        } catch (IOException e) {
            throw new AssertionError(component + " pid " + pid + " is not running: " + stack.logs(), e);
        }
        return pid;
    }

    private static void signal(String signal, long pid) throws InterruptedException {
        try {
            Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).redirectErrorStream(true).start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + signal + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new AssertionError("kill -" + signal + " " + pid + " failed", e);
        }
    }
}
