package dev.gavel.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Injects the fault suite's faults into one stack, one at a time: SIGKILL of a component followed by
 * {@code bin/gavel up} (which restarts only what died), or SIGSTOP for a few seconds followed by SIGCONT. It
 * signals only the pids that {@code bin/gavel} recorded for this stack, and only while such a pid still
 * belongs to this stack's home. On a local Redis Cluster, "redis" is every node of it at once: the whole store
 * goes down or freezes, as the one Redis does.
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
        kill(component, () -> Thread.sleep(OUTAGE.toMillis()));
    }

    /**
     * SIGKILL of one component (a cluster node by its name, e.g. {@code redis-2}), then {@code whileDown} (e.g.
     * until its replica is promoted), then {@code bin/gavel up}; returns once the stack is whole again.
     */
    void kill(String component, Pause whileDown) throws InterruptedException {
        Map<String, Long> pids = ownPids(component);
        Instant start = Instant.now();
        List<ProcessHandle> processes = new ArrayList<>();
        pids.forEach((name, pid) -> processes.add(
                ProcessHandle.of(pid).orElseThrow(() -> new AssertionError(name + " is not running"))));
        processes.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : processes) {
            ProcessExit.await(process, Duration.ofSeconds(30));
        }
        try {
            whileDown.await();
            stack.gavel("up", UP_TIMEOUT_SECONDS);
        } finally {
            timeline.add(new FaultTimeline.Fault("SIGKILL " + describe(pids), start, Instant.now()));
        }
    }

    /** What happens between a kill and the restart. */
    @FunctionalInterface
    interface Pause {
        void await() throws InterruptedException;
    }

    private void freeze(String component) throws InterruptedException {
        Map<String, Long> pids = ownPids(component);
        Instant start = Instant.now();
        for (long pid : pids.values()) {
            signal("STOP", pid);
        }
        try {
            Thread.sleep(FREEZE.toMillis());
        } finally {
            for (long pid : pids.values()) {
                signal("CONT", pid);
            }
            timeline.add(new FaultTimeline.Fault("SIGSTOP " + describe(pids), start, Instant.now()));
        }
    }

    /** The processes a fault to {@code component} hits: Redis is every node of a cluster; by name, in order. */
    private Map<String, Long> ownPids(String component) {
        List<String> names = component.equals("redis") ? stack.redisComponents() : List.of(component);
        Map<String, Long> pids = new LinkedHashMap<>();
        names.forEach(name -> pids.put(name, ownPid(name)));
        return pids;
    }

    /** "redis (pid 12)", or for several "redis-1 (pid 12), redis-2 (pid 13)". */
    private static String describe(Map<String, Long> pids) {
        List<String> parts = new ArrayList<>();
        pids.forEach((name, pid) -> parts.add(name + " (pid " + pid + ")"));
        return String.join(", ", parts);
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
