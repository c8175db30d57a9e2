package dev.gavel.e2e;

import dev.gavel.testkit.Directories;
import dev.gavel.testkit.FreePort;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * nginx alone, with the project's templates rendered the way {@code bin/gavel} renders them (the same
 * placeholders), in front of upstreams a test chooses. {@code adjust} may rewrite the rendered routing
 * (a shorter timeout) so a test need not wait for the real one.
 */
final class LocalNginx implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path home;

    private LocalNginx(Process process, int port, Path home) {
        this.process = process;
        this.port = port;
        this.home = home;
    }

    static LocalNginx start(Path root, Path home, int acceptorPort, int queryPort, int connectionsPerAddress,
                            UnaryOperator<String> adjust) {
        Directories.deleteRecursively(home);
        int port = FreePort.next();
        try {
            Files.createDirectories(home.resolve("nginx/tmp"));
            Files.createDirectories(home.resolve("log"));
            String user = workerUser();
            Map<String, String> values = Map.of(
                    "${GAVEL_HOME}", home.toString(),
                    "${GAVEL_LISTEN}", "127.0.0.1:" + port,
                    "${NGINX_USER}", user == null ? "" : "user " + user + ";",
                    "${GAVEL_NGINX_CONN_PER_ADDRESS}", Integer.toString(connectionsPerAddress),
                    "${ACCEPTOR_UPSTREAMS}", "server 127.0.0.1:" + acceptorPort + ";",
                    "${QUERY_UPSTREAMS}", "server 127.0.0.1:" + queryPort + ";");
            String routing = adjust.apply(render(root.resolve("nginx/gavel.conf.template"), values));
            Files.writeString(home.resolve("nginx/gavel.conf"), routing);
            Files.writeString(home.resolve("nginx/nginx.conf"), render(root.resolve("nginx/nginx-local.conf.template"), values));
            if (user != null) {
                // As bin/gavel does: the workers must pass through the home to their temp files.
                new ProcessBuilder("chown", user, home.resolve("nginx/tmp").toString()).inheritIO().start().waitFor();
            }
            Process process = new ProcessBuilder("nginx", "-p", home.resolve("nginx").toString(),
                    "-e", home.resolve("log/nginx-error.log").toString(), "-c", home.resolve("nginx/nginx.conf").toString())
                    .redirectErrorStream(true)
                    .redirectOutput(home.resolve("log/nginx.out").toFile())
                    .start();
            LocalNginx nginx = new LocalNginx(process, port, home);
            nginx.awaitListening();
            return nginx;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** As bin/gavel chooses it: as root, www-data or nobody; otherwise none (the workers keep this user). */
    static String workerUser() {
        if (!"root".equals(System.getProperty("user.name"))) {
            return null;
        }
        for (String user : new String[] {"www-data", "nobody"}) {
            try {
                Process id = new ProcessBuilder("id", "-u", user).start();
                if (id.waitFor(5, TimeUnit.SECONDS) && id.exitValue() == 0) {
                    return user;
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        throw new IllegalStateException("no unprivileged account for nginx's workers");
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    String errorLog() {
        try {
            return Files.readString(home.resolve("log/nginx-error.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no error log: " + e.getMessage() + ")";
        }
    }

    private void awaitListening() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited: " + errorLog());
            }
            try (Socket probe = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException("nginx did not listen within 10 s: " + errorLog());
    }

    private static String render(Path template, Map<String, String> values) throws IOException {
        String text = Files.readString(template, StandardCharsets.UTF_8);
        for (Map.Entry<String, String> value : values.entrySet()) {
            text = text.replace(value.getKey(), value.getValue());
        }
        return text;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
