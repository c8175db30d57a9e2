package dev.gavel.embeddedmongo;

import dev.gavel.testkit.FreePort;
import dev.gavel.testkit.Signals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded MongoDB as {@code bin/gavel} runs it: a JVM of its own running {@link EmbeddedMongo}'s
 * main class on a data directory, so a test can kill it hard ({@code kill -9}) or freeze it (SIGSTOP)
 * by its own pid and start it again on the same port and data. The child runs on the test's own class path.
 * Shared with the services' tests through this module's test jar.
 */
public final class MongoProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final int port;
    private final Path dir;
    private Process process;

    private MongoProcess(int port, Path dir) {
        this.port = port;
        this.dir = dir;
    }

    /** Starts one on a free port, with its data under {@code dir}. */
    public static MongoProcess start(Path dir) {
        MongoProcess mongo = new MongoProcess(FreePort.next(), dir);
        mongo.start();
        return mongo;
    }

    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                EmbeddedMongo.class.getName(), "--port", Integer.toString(port), "--dir", dir.toString());
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolveSibling(dir.getFileName() + ".log").toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the embedded MongoDB", e);
        }
        awaitListening();
    }

    public String uri() {
        return "mongodb://127.0.0.1:" + port + "/gavel";
    }

    public int port() {
        return port;
    }

    /** SIGKILL: nothing is written beyond what the process already put on disk. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public synchronized void freeze() {
        Signals.freeze(process.pid());
    }

    public synchronized void thaw() {
        Signals.thaw(process.pid());
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            thaw();
        }
        kill();
    }

    private void awaitListening() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the embedded MongoDB exited at start (exit " + process.exitValue() + ")");
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        throw new IllegalStateException("the embedded MongoDB did not listen within " + START_TIMEOUT);
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
