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
import java.util.Arrays;
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

    /**
     * As {@link #startWithDemo(String)}, with these extra variables for every {@code bin/gavel} command. Its Redis
     * is what {@code gavel.e2e.redisShards} says (unless the variables set {@code GAVEL_REDIS_SHARDS}): unset or 1
     * one Redis, 3 or more a local Redis Cluster of that many primaries, so the same suite runs on either.
     */
    static Stack startWithDemo(String homeSuffix, Map<String, String> extraEnvironment) {
        Map<String, String> environment = new HashMap<>(extraEnvironment);
        environment.put("GAVEL_ADMIN_PASSWORD", "e2e-admin-secret");
        environment.putIfAbsent("GAVEL_REDIS_SHARDS", System.getProperty("gavel.e2e.redisShards", "1"));
        Stack stack = prepare(homeSuffix, environment);
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

    /**
     * A stack not started yet, in {@code gavel.e2e.home} plus {@code homeSuffix} (wiped first), on a free base port,
     * with these variables for every {@code bin/gavel} command.
     */
    static Stack prepare(String homeSuffix, Map<String, String> environment) {
        Path root = Path.of(System.getProperty("gavel.root", "..")).toAbsolutePath().normalize();
        Path home = Path.of(System.getProperty("gavel.e2e.home", "target/e2e-home") + homeSuffix).toAbsolutePath();
        Directories.deleteRecursively(home);
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Stack(root, home, FreePort.forStack(), environment);
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
        return gavel(List.of(command), Map.of(), timeoutSeconds);
    }

    /** As {@link #gavel(String, long)}, with arguments after the command. */
    String gavel(List<String> arguments, long timeoutSeconds) {
        return gavel(arguments, Map.of(), timeoutSeconds);
    }

    /** As {@link #gavel(List, long)}, with these variables added to (or replacing) the stack's own for this run. */
    String gavel(List<String> arguments, Map<String, String> extraEnvironment, long timeoutSeconds) {
        Run run = run(arguments, extraEnvironment, timeoutSeconds);
        if (run.exitStatus() != 0) {
            throw new AssertionError("bin/gavel " + String.join(" ", arguments) + " exited " + run.exitStatus() + ":\n"
                    + run.output() + logs());
        }
        return run.output();
    }

    /** What a {@code bin/gavel} run printed (standard output and error) and how it exited. */
    record Run(int exitStatus, String output) {
    }

    /** Runs {@code bin/gavel <arguments>} whatever its exit status; fails only when it does not finish in time. */
    Run run(List<String> arguments, Map<String, String> extraEnvironment, long timeoutSeconds) {
        Path output = home.resolveSibling("gavel-" + String.join("-", arguments) + ".out");
        List<String> argv = new ArrayList<>(List.of(root.resolve("bin/gavel").toString()));
        argv.addAll(arguments);
        ProcessBuilder builder = new ProcessBuilder(argv)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("GAVEL_PORT", Integer.toString(port));
        builder.environment().put("GAVEL_HOME", home.toString());
        builder.environment().putAll(environment);
        builder.environment().putAll(extraEnvironment);
        try {
            Process process = builder.start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("bin/gavel " + String.join(" ", arguments) + " did not finish in " + timeoutSeconds
                        + "s:\n" + read(output) + logs());
            }
            return new Run(process.exitValue(), read(output));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * The components that make up the stack's Redis, as bin/gavel recorded them: {@code redis} alone, or every
     * node of a local cluster ({@code redis-1} .. {@code redis-N}). A fault "to Redis" goes to all of them.
     */
    List<String> redisComponents() {
        File[] pids = home.resolve("run").toFile().listFiles((dir, name) -> name.matches("redis(-\\d+)?\\.pid"));
        if (pids == null || pids.length == 0) {
            throw new AssertionError("no Redis of this stack is running: " + logs());
        }
        return Arrays.stream(pids).map(file -> file.getName().replace(".pid", "")).sorted().toList();
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
