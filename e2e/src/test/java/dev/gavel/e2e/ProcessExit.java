package dev.gavel.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Waits for a process of the stack to have exited. The stack's processes are not this JVM's children: once
 * bin/gavel has returned, their parent is init, which on these machines reaps a dead process only every couple
 * of seconds. Until then the process is a zombie, and {@link ProcessHandle#onExit()} (which polls the pid) still
 * sees it alive. A zombie holds no port, file or socket any more, so for a test it is gone: waiting for the
 * reaping would add about two seconds to every kill.
 */
final class ProcessExit {

    private static final Duration POLL = Duration.ofMillis(20);

    private ProcessExit() {
    }

    /** Sends SIGKILL to the process and returns once it has exited; fails after {@code timeout}. */
    static void kill(ProcessHandle process, Duration timeout) {
        process.destroyForcibly();
        await(process, timeout);
    }

    /** Returns once the process has exited (a zombie, or gone); fails after {@code timeout}. */
    static void await(ProcessHandle process, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (!exited(process.pid())) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("process " + process.pid() + " still runs after " + timeout);
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for process " + process.pid() + " to exit", e);
            }
        }
    }

    /** The process is gone, or a zombie ("State: Z" in /proc/PID/status). */
    static boolean exited(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("State:")) {
                    return line.substring("State:".length()).strip().startsWith("Z");
                }
            }
            return false;
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            // The process went away between the directory lookup and the read.
            return ProcessHandle.of(pid).isEmpty();
        }
    }
}
