package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The auction room and the operators' page in a real browser: Debian's chromium driven by npm playwright-core
 * (pinned in src/test/browser/package-lock.json; never a downloaded browser), against a stack of its own behind
 * nginx. The scenarios are in src/test/browser/pages.test.mjs; this class installs its one npm dependency when
 * missing, runs it, and fails with its output. Screenshots land in target/browser (see docs/img/README.md).
 */
@Timeout(value = 6, unit = TimeUnit.MINUTES)
class BrowserEndToEndTest {

    private static final Path SCRIPTS = Path.of("src/test/browser").toAbsolutePath();
    private static final Path SCREENSHOTS = Path.of("target/browser").toAbsolutePath();
    private static final Path CHROMIUM = Path.of(System.getProperty("gavel.chromium", "/usr/bin/chromium"));

    private static Stack stack;

    @BeforeAll
    static void startStack() {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: apt-get install chromium (.ci/run does)");
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), Map.of(), 180);
            assertEquals(0, install.exitStatus(), "npm ci failed:\n" + install.output());
        }
        stack = Stack.startWithDemo("-browser");
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void shouldShowLivePricesNoticesExtensionsErrorsAndOperationsInChromium() {
        // when
        Result result = run(List.of("node", "pages.test.mjs"), Map.of(
                "GAVEL_BASE_URL", "http://127.0.0.1:" + stack.port(),
                "GAVEL_ADMIN_PASSWORD", "e2e-admin-secret",
                "GAVEL_SCREENSHOTS", SCREENSHOTS.toString(),
                "GAVEL_CHROMIUM", CHROMIUM.toString()), 150);

        // then
        assertEquals(0, result.exitStatus(), () -> "browser scenarios failed:\n" + result.output() + stack.logs());
        assertTrue(result.output().contains("browser: 5 passed, 0 failed"), result.output());
        assertTrue(Files.isRegularFile(SCREENSHOTS.resolve("auction-room.png")), "no screenshot of the auction room");
        assertTrue(Files.isRegularFile(SCREENSHOTS.resolve("ops.png")), "no screenshot of the operators' page");
    }

    private record Result(int exitStatus, String output) {
    }

    private static Result run(List<String> command, Map<String, String> environment, long timeoutSeconds) {
        try {
            Path output = Files.createTempFile("gavel-browser", ".out");
            ProcessBuilder builder = new ProcessBuilder(command).directory(SCRIPTS.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.delete(output);
            return new Result(finished ? process.exitValue() : -1,
                    finished ? text : text + "\n(" + String.join(" ", command) + " did not finish in " + timeoutSeconds + " s)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
