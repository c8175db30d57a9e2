package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
            // when / then
            assertTrue(JitActivity.compilerTicks(List.of(self)) > 0, "this JVM's C1/C2 compiler threads have used CPU");
            assertEquals(0, JitActivity.compilerTicks(List.of(sleeper.pid())));
            assertEquals(JitActivity.compilerTicks(List.of(sleeper.pid())) + JitActivity.compilerTicks(List.of(Long.MAX_VALUE)), 0,
                    "a process that is gone counts nothing");
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
