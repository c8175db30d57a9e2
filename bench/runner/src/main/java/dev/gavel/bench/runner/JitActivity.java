package dev.gavel.bench.runner;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;

/**
 * CPU clock ticks used so far by the JIT compiler threads of some JVMs: every thread of theirs whose name (the
 * 15 characters the kernel keeps in /proc/&lt;pid&gt;/task/&lt;tid&gt;/comm) is HotSpot's {@code C1 CompilerThreadN}
 * or {@code C2 CompilerThreadN}. A JVM under a new load compiles its hot path for tens of seconds; on two shared
 * cores that work is charged to whatever is measured meanwhile, so the warm-up lasts until it has settled.
 */
final class JitActivity {

    private JitActivity() {
    }

    /**
     * The compiler threads' ticks of these processes together (a process that is gone, or no JVM, adds nothing);
     * fails when none of them is a running JVM: a warm-up waits for these JVMs to settle, and silence from
     * processes that are gone (a stack stopped, the wrong pids) would read as settled, and the measurement after
     * it would pay the compilers.
     */
    static long compilerTicks(Collection<Long> pids) {
        long ticks = 0;
        boolean anyJvm = false;
        for (long pid : pids) {
            long own = compilerTicks(pid);
            anyJvm |= own >= 0;
            ticks += Math.max(0, own);
        }
        if (!anyJvm) {
            throw new BenchFailure("none of the processes " + pids + " is a running JVM: nothing to warm up");
        }
        return ticks;
    }

    /** -1 when the process is gone or has no compiler thread (no JVM). */
    private static long compilerTicks(long pid) {
        long ticks = 0;
        boolean jvm = false;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    if (isCompilerThread(Files.readString(task.resolve("comm")))) {
                        jvm = true;
                        ticks += threadTicks(Files.readString(task.resolve("stat")));
                    }
                } catch (IOException threadGone) {
                    // A thread that ended between the listing and the read has nothing more to add.
                }
            }
        } catch (IOException processGone) {
            return -1;
        }
        return jvm ? ticks : -1;
    }

    static boolean isCompilerThread(String comm) {
        String name = comm.strip();
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /** utime + stime (fields 14 and 15) of a thread's /proc stat line. */
    static long threadTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" +");
        return Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
    }
}
