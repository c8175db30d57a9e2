package dev.gavel.bench.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import java.util.stream.Stream;

/** Builds the services and the reference server when a jar is missing or older than what it is built from. */
final class Build {

    private static final Logger LOG = Logger.getLogger(Build.class.getName());
    private static final Duration TIMEOUT = Duration.ofMinutes(15);
    /** bench/live's tool, run by the live scenarios. */
    static final String LIVE_JAR = "bench/live/target/gavel-bench-live.jar";

    private final Path root;
    private final Commands commands;
    private final Path log;

    Build(Path root, Commands commands, Path log) {
        this.root = root;
        this.commands = commands;
        this.log = log;
    }

    void ifStale() {
        boolean services = stale("acceptor/target/gavel-acceptor.jar", "pom.xml", "testkit", "contract", "acceptor/pom.xml", "acceptor/src")
                || stale("query-api/target/gavel-query-api.jar", "query-api/pom.xml", "query-api/src", "contract", "redis-lettuce")
                || stale("processor/target/gavel-processor.jar", "processor/pom.xml", "processor/src", "contract", "redis-lettuce")
                || stale("tools/embedded-mongo/target/gavel-embedded-mongo.jar", "tools/embedded-mongo");
        boolean reference = stale("bench/reference/target/gavel-bench-reference.jar", "bench/reference/pom.xml", "bench/reference/src");
        if (!services && !reference) {
            LOG.info("the jars are up to date");
            return;
        }
        LOG.info("building" + (services ? " the services" : "") + (services && reference ? " and" : "")
                + (reference ? " the reference server" : ""));
        String mvnw = root.resolve("mvnw").toString();
        if (services && commands.run(List.of(mvnw, "-q", "-B", "-DskipTests", "package", "-pl",
                "acceptor,query-api,tools/embedded-mongo", "-am"), Map.of(), log, TIMEOUT) != 0) {
            throw new BenchFailure("the build failed; see " + log);
        }
        if (reference && commands.run(List.of(mvnw, "-q", "-B", "-DskipTests", "-Pbench", "package", "-pl", "bench/reference"),
                Map.of(), log, TIMEOUT) != 0) {
            throw new BenchFailure("the build of the reference server failed; see " + log);
        }
    }

    /** The live scenarios' tool, built only when a live scenario runs and its jar is missing or older than its sources. */
    void liveToolIfStale() {
        if (!stale(LIVE_JAR, "bench/live/pom.xml", "bench/live/src")) {
            return;
        }
        LOG.info("building the live stream load tool");
        if (commands.run(List.of(root.resolve("mvnw").toString(), "-q", "-B", "-DskipTests", "-Pbench", "package", "-pl", "bench/live"),
                Map.of(), log, TIMEOUT) != 0) {
            throw new BenchFailure("the build of the live stream load tool failed; see " + log);
        }
    }

    /** True when the jar is missing or older than any file under the given paths. */
    boolean stale(String jar, String... sources) {
        Path jarPath = root.resolve(jar);
        if (!Files.exists(jarPath)) {
            return true;
        }
        try {
            FileTime built = Files.getLastModifiedTime(jarPath);
            for (String source : sources) {
                Path path = root.resolve(source);
                if (!Files.exists(path)) {
                    continue;
                }
                try (Stream<Path> files = Files.walk(path)) {
                    if (files.filter(Files::isRegularFile).filter(f -> !f.toString().contains("/target/"))
                            .anyMatch(f -> modified(f).compareTo(built) > 0)) {
                        return true;
                    }
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            return FileTime.fromMillis(Long.MAX_VALUE);
        }
    }
}
