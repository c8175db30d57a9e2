package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class JitActivityTest {

    @Test
    void shouldCountTheCompilerThreadsOfThisJvmAndNothingForAProcessWithoutThem() throws IOException, InterruptedException {
        // given this test's own JVM, which has compiled code by now, and a process that is no JVM
        long self = ProcessHandle.current().pid();
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            // when
            long alone = JitActivity.compilerTicks(List.of(self));
            long withOthers = JitActivity.compilerTicks(List.of(sleeper.pid(), Long.MAX_VALUE, self));

            // then
            assertTrue(alone > 0, "this JVM's C1/C2 compiler threads have used CPU");
            assertTrue(withOthers >= alone, "a process without compiler threads, or gone, adds nothing");
        } finally {
            sleeper.destroy();
            sleeper.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldRefuseToWatchProcessesOfWhichNoneIsARunningJvm() throws IOException, InterruptedException {
        // given a process that is no JVM and a pid no process has: a warm-up watching them would read as settled
        Process sleeper = new ProcessBuilder("sleep", "30").start();
        try {
            // when / then
            BenchFailure failure = assertThrows(BenchFailure.class,
                    () -> JitActivity.compilerTicks(List.of(sleeper.pid(), Long.MAX_VALUE)));
            assertTrue(failure.getMessage().contains("running JVM"), failure.getMessage());
            assertThrows(BenchFailure.class, () -> JitActivity.compilerTicks(List.of()));
        } finally {
            sleeper.destroy();
            sleeper.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldKnowHotSpotsCompilerThreadsByTheirTruncatedNames() {
        assertTrue(JitActivity.isCompilerThread("C2 CompilerThre\n"));
        assertTrue(JitActivity.isCompilerThread("C1 CompilerThre\n"));
        assertFalse(JitActivity.isCompilerThread("vert.x-eventloo\n"));
        assertFalse(JitActivity.isCompilerThread("GC Thread#0\n"));
    }

    @Test
    void shouldAddAThreadsUserAndSystemTicks() {
        String stat = "4711 (C2 CompilerThre) S 1 4700 4700 0 -1 4194368 1 0 0 0 120 35 0 0 20 0 1 0 100 0 0";

        assertEquals(155, JitActivity.threadTicks(stat));
    }
}
