package dev.gavel.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs Prometheus's own linter, {@code promtool check metrics}, on a {@code /metrics} body: what it reports
 * (a family without HELP, a counter without {@code _total}, a unit it does not accept) is what a Prometheus
 * operator would see. promtool comes from Debian's {@code prometheus} package, which .ci/run installs; a
 * machine without it fails the check, as a silent skip would let every naming mistake through.
 */
public final class Promtool {

    private static final List<Path> LOCATIONS = List.of(Path.of("/usr/bin/promtool"), Path.of("/usr/local/bin/promtool"));
    private static final long TIMEOUT_SECONDS = 30;

    private Promtool() {
    }

    /** The problems promtool finds in the body, one a line; empty when it accepts it. */
    public static List<String> problems(String metricsBody) {
        Path promtool = locate();
        try {
            Process process = new ProcessBuilder(promtool.toString(), "check", "metrics")
                    .redirectErrorStream(true)
                    .start();
            CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(metricsBody.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("promtool check metrics did not finish in " + TIMEOUT_SECONDS + " s");
            }
            String text = output.join();
            List<String> lines = text.lines().filter(line -> !line.isBlank()).toList();
            if (process.exitValue() != 0 && lines.isEmpty()) {
                throw new IllegalStateException("promtool check metrics failed with exit code " + process.exitValue());
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + promtool, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while promtool ran", e);
        }
    }

    private static Path locate() {
        for (Path candidate : LOCATIONS) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(":")) {
            if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, "promtool"))) {
                return Path.of(directory, "promtool");
            }
        }
        throw new IllegalStateException("promtool is not installed: the metrics check needs it "
                + "(apt-get install prometheus; .ci/run installs it)");
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read promtool's output", e);
        }
    }
}
