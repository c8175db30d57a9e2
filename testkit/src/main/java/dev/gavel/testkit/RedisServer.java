package dev.gavel.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A real {@code redis-server} on a free loopback port, started and owned by a test.
 *
 * <p>It runs with the production durability settings ({@code appendonly yes},
 * {@code appendfsync always}) in a private directory, so a test can {@link #kill()} it
 * with SIGKILL and {@link #start()} it again on the same port and data, as a crash would.
 * {@link #startFreshWithoutFsync()} is the same server that leaves the flush to the operating system,
 * for tests that never crash it.
 */
public final class RedisServer implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final int port;
    private final Path dir;
    private final String appendFsync;
    private final List<String> extraArgs;
    private Process process;

    private RedisServer(int port, Path dir, String appendFsync, List<String> extraArgs) {
        this.port = port;
        this.dir = dir;
        this.appendFsync = appendFsync;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** Starts a fresh server with an empty data directory. */
    public static RedisServer startFresh() {
        return startFresh(FreePort.next(), "always", List.of());
    }

    /**
     * Starts a fresh server that still appends every write to its AOF but does not fsync it
     * ({@code appendfsync no}): for tests that check what the scripts answer and write, thousands of
     * writes each, and never {@link #kill()} it to see what survived. An fsync per write costs
     * 0.2 to 7 ms on these machines; a test of durability uses {@link #startFresh()}.
     */
    public static RedisServer startFreshWithoutFsync() {
        return startFresh(FreePort.next(), "no", List.of());
    }

    /**
     * Starts a fresh Redis Cluster node (no slots yet; {@link RedisCluster} joins them), its cluster bus
     * on a free port of its own.
     */
    static RedisServer startClusterNode() {
        return startFresh(FreePort.belowEphemeral(), "always", List.of("--cluster-enabled", "yes", "--cluster-port",
                Integer.toString(FreePort.belowEphemeral()), "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", "2000"));
    }

    private static RedisServer startFresh(int port, String appendFsync, List<String> extraArgs) {
        try {
            RedisServer server = new RedisServer(port, Files.createTempDirectory("gavel-redis-"), appendFsync, extraArgs);
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    /** The server process's id, for a test that freezes it ({@link Signals}). */
    public synchronized long pid() {
        if (!isRunning()) {
            throw new IllegalStateException("redis-server is not running");
        }
        return process.pid();
    }

    public boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** (Re)starts the server on the same port and data directory; returns once it answers PING. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        List<String> command = new ArrayList<>(List.of(
                executable(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--dir", dir.toString(), "--appendonly", "yes", "--appendfsync", appendFsync,
                "--save", "", "--daemonize", "no", "--protected-mode", "no", "--loglevel", "warning"));
        command.addAll(extraArgs);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("redis.log").toFile())
                    .start();
        } catch (IOException e) {
            throw new IllegalStateException("could not start redis-server: " + e.getMessage(), e);
        }
        awaitPing();
    }

    /** SIGKILL, as a crash: nothing is flushed beyond what fsync already put on disk. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitForExit();
        }
    }

    /** Sends a raw command and returns the first line of the reply (enough for PING, FLUSHALL). */
    public String command(String... args) {
        return replyLines(1, args).get(0);
    }

    /** The value of one configuration parameter ({@code CONFIG GET name}), for a test of how the server runs. */
    public String config(String name) {
        // *2, $length, the name, $length, the value
        return replyLines(5, "CONFIG", "GET", name).get(4);
    }

    private List<String> replyLines(int count, String... args) {
        StringBuilder request = new StringBuilder("*").append(args.length).append("\r\n");
        for (String arg : args) {
            request.append('$').append(arg.getBytes(StandardCharsets.UTF_8).length).append("\r\n")
                    .append(arg).append("\r\n");
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            List<String> lines = new ArrayList<>();
            while (lines.size() < count) {
                lines.add(readLine(in));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("redis on port " + port + " did not answer", e);
        }
    }

    public void flushAll() {
        command("FLUSHALL");
    }

    @Override
    public synchronized void close() {
        kill();
        Directories.deleteRecursively(dir);
    }

    private void awaitPing() {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited at start; see " + dir.resolve("redis.log"));
            }
            try {
                if ("+PONG".equals(command("PING"))) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // not listening yet: try again shortly
            }
            sleep(Duration.ofMillis(20));
        }
        throw new IllegalStateException("redis-server did not answer PING within " + START_TIMEOUT);
    }

    private void waitForExit() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin").split(":")) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        for (String known : List.of("/usr/bin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(known))) {
                return known;
            }
        }
        throw new IllegalStateException(
                "redis-server is not installed: the tests need a real Redis (Debian: apt-get install redis-server)");
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for redis-server", e);
        }
    }
}
