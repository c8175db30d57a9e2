package dev.gavel.testkit;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * Freezes and thaws a process a test started itself, by its own pid (SIGSTOP, SIGCONT): a store that
 * stops answering without closing its connections, as a stalled disk or a paused VM does.
 */
public final class Signals {

    private Signals() {
    }

    public static void freeze(long pid) {
        signal("STOP", pid);
    }

    public static void thaw(long pid) {
        signal("CONT", pid);
    }

    private static void signal(String name, long pid) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + pid + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("could not run kill -" + name + " " + pid, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling " + pid, e);
        }
    }
}
