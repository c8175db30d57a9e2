package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.testkit.Directories;
import dev.gavel.testkit.FreePort;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The real stack, driven through {@code bin/gavel} with a port and a home of its own. */
final class Stack implements AutoCloseable {

    private final Path root;
    private final Path home;
    private final int port;
    private final Map<String, String> environment;

    Stack(Path root, Path home, int port, Map<String, String> environment) {
        this.root = root;
        this.home = home;
        this.port = port;
        this.environment = Map.copyOf(environment);
    }

    /** A stack in {@code gavel.e2e.home}, wiped first, up and ready, with the demo data loaded. */
    static Stack startWithDemo() {
        return startWithDemo("");
    }

    /**
     * A stack up and ready with the demo data, in {@code gavel.e2e.home} plus {@code homeSuffix} (wiped first),
     * so that test classes with a suffix each of their own never share a home.
     */
    static Stack startWithDemo(String homeSuffix) {
        return startWithDemo(homeSuffix, Map.of());
    }

    /** As {@link #startWithDemo(String)}, with these extra variables for every {@code bin/gavel} command. */
    static Stack startWithDemo(String homeSuffix, Map<String, String> extraEnvironment) {
        Path root = Path.of(System.getProperty("gavel.root", "..")).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("gavel.e2e.home", "target/e2e-home") + homeSuffix).toAbsolutePath();
        Directories.deleteRecursively(home);
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> environment = new HashMap<>(extraEnvironment);
        environment.put("GAVEL_ADMIN_PASSWORD", "e2e-admin-secret");
        Stack stack = new Stack(root, home, FreePort.forStack(), environment);
        try {
            String up = stack.gavel("up", 240);
            assertTrue(up.contains("ready: http://127.0.0.1:" + stack.port()), up);
            stack.gavel("demo", 60);
            return stack;
        } catch (RuntimeException | AssertionError e) {
            try {
                stack.close();
            } catch (RuntimeException | AssertionError notDown) {
                e.addSuppressed(notDown);
            }
            throw e;
        }
    }

    /** {@code bin/gavel down}. */
    @Override
    public void close() {
        gavel("down", 90);
    }

    int port() {
        return port;
    }

    Path home() {
        return home;
    }

    /** Runs {@code bin/gavel <command>} and returns its output; fails with that output on a non-zero exit. */
    String gavel(String command, long timeoutSeconds) {
        Path output = home.resolveSibling("gavel-" + command + ".out");
        List<String> argv = new ArrayList<>(List.of(root.resolve("bin/gavel").toString(), command));
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("GAVEL_PORT", Integer.toString(port));
        builder.environment().put("GAVEL_HOME", home.toString());
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/gavel " + command + " did not finish in " + timeoutSeconds + "s:\n"
                        + read(output) + logs());
            }
            String text = read(output);
            if (process.exitValue() != 0) {
                throw new AssertionError("bin/gavel " + command + " exited " + process.exitValue() + ":\n" + text + logs());
            }
            return text;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** The pid bin/gavel recorded for a component, e.g. {@code redis} or {@code acceptor-1}. */
    long pidOf(String component) {
        return Long.parseLong(read(home.resolve("run").resolve(component + ".pid")).trim());
    }

    /** The tail of every component's log, for a failure message an operator could act on. */
    String logs() {
        File[] files = home.resolve("log").toFile().listFiles();
        if (files == null) {
            return "";
        }
        StringBuilder text = new StringBuilder();
        for (File file : files) {
            List<String> lines = read(file.toPath()).lines().toList();
            text.append("\n--- ").append(file.getName()).append(" (last lines)\n");
            lines.subList(Math.max(0, lines.size() - 15), lines.size()).forEach(line -> text.append(line).append('\n'));
        }
        return text.toString();
    }

    private static String read(Path path) {
        try {
            return Files.readString(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
