package dev.gavel.bench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandsTest {

    @TempDir
    Path dir;

    @Test
    void shouldStopACommandAndItsChildrenAtTheDeadline() throws IOException {
        // given a command whose child would run for a minute
        Path output = dir.resolve("out.txt");
        Path childPid = dir.resolve("child.pid");
        Commands commands = new Commands(Map.of("PATH", System.getenv("PATH")));
        long started = System.nanoTime();

        // when it may run for 1 s
        int status = commands.run(List.of("sh", "-c", "sleep 60 & echo $! > " + childPid + "; wait"), Map.of(), output,
                Duration.ofSeconds(1));

        // then it was stopped, child included, within the grace period
        assertEquals(-1, status);
        assertTrue(Duration.ofNanos(System.nanoTime() - started).toSeconds() < 10);
        long child = Long.parseLong(Files.readString(childPid).trim());
        assertFalse(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false), "sleep still runs");
    }

    @Test
    void shouldGiveEachCommandTheEnvironmentItWasMadeWithAndItsOwn() throws IOException {
        Commands commands = new Commands(Map.of("PATH", System.getenv("PATH"), "GAVEL_PORT", "18480"));
        Path output = dir.resolve("env.txt");
        assertEquals(0, commands.run(List.of("sh", "-c", "echo $GAVEL_PORT $BENCH_BODY"), Map.of("BENCH_BODY", "x"), output,
                Duration.ofSeconds(10)));
        assertEquals("18480 x\n", Files.readString(output));
    }
}
