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

/**
 * The page scenarios of src/test/browser/pages.test.mjs, run by Node against a stack: Debian's chromium driven by
 * npm playwright-core (pinned in src/test/browser/package-lock.json; never a downloaded browser). The one npm
 * dependency is installed when missing. Screenshots land in target/browser (see docs/img/README.md).
 */
final class BrowserScenarios {

    static final Path SCREENSHOTS = Path.of("target/browser").toAbsolutePath();

    private static final Path SCRIPTS = Path.of("src/test/browser").toAbsolutePath();
    private static final Path CHROMIUM = Path.of(System.getProperty("gavel.chromium", "/usr/bin/chromium"));

    private BrowserScenarios() {
    }

    /** Checks for chromium and installs playwright-core, before any stack is started. */
    static void prepare() {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: apt-get install chromium (.ci/run does)");
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules/playwright-core"))) {
            Result install = run(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"), Map.of(), 180);
            assertEquals(0, install.exitStatus(), "npm ci failed:\n" + install.output());
        }
    }

    /** Runs every scenario against the stack; the output of the script, whatever its outcome. */
    static Result runAll(Stack stack) {
        return run(List.of("node", "pages.test.mjs"), Map.of(
                "GAVEL_BASE_URL", "http://127.0.0.1:" + stack.port(),
                "GAVEL_ADMIN_PASSWORD", "e2e-admin-secret",
                "GAVEL_SCREENSHOTS", SCREENSHOTS.toString(),
                "GAVEL_CHROMIUM", CHROMIUM.toString()), 150);
    }

    record Result(int exitStatus, String output) {
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
