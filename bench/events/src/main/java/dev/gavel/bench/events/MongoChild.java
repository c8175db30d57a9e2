package dev.gavel.bench.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The embedded MongoDB as bin/gavel starts it (the runnable jar, its collector and 512 MB heap), on 127.0.0.1, a free
 * port and the given data directory; this tool's own process, stopped by its handle.
 */
final class MongoChild implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final Process process;
    private final int port;

    private MongoChild(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static MongoChild start(Path jar, Path dir, Path log) throws IOException, InterruptedException {
        int port = freePort();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = List.of(java, "-XX:+UseParallelGC", "-XX:ParallelGCThreads=1", "-Xmn256m",
                "-Xms384m", "-Xmx512m",
                "-jar", jar.toString(), "--port", Integer.toString(port), "--dir", dir.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        MongoChild child = new MongoChild(process, port);
        child.awaitListening();
        return child;
    }

    String uri() {
        return "mongodb://127.0.0.1:" + port + "/gavel";
    }

    /** SIGTERM, as bin/gavel down: the server closes its H2 store. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the embedded MongoDB exited with " + process.exitValue());
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("the embedded MongoDB did not listen within " + START_TIMEOUT);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }
}
