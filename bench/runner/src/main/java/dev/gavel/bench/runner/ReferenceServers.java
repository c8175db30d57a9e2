package dev.gavel.bench.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The references measured in the same run as the stack: a Redis with the stack's AOF settings, the
 * bare Vert.x server answering after one SET, the same server running the minimal durable bid
 * script (only when its scenario runs), and an nginx that answers 204 itself or proxies to the bare
 * SET server with Gavel's keepalive settings. All started here, stopped by {@link #close}.
 */
final class ReferenceServers implements AutoCloseable {

    static final String REDIS = "ref-redis";
    static final String SET_SERVER = "ref-server";
    static final String SCRIPT_SERVER = "ref-script";
    static final String NGINX = "ref-nginx";

    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Path dir;
    private final Path root;
    private final Commands commands;
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private int redisPort;
    private int setServerPort;
    private int scriptServerPort;
    private int nginx204Port;
    private int nginxProxyPort;

    /** {@code dir}: where the references keep their data, configuration and logs. */
    ReferenceServers(Path root, Path dir, Commands commands) {
        this.root = root;
        this.dir = dir;
        this.commands = commands;
    }

    /**
     * Starts them all. The bare servers run with exactly the acceptor's JVM flags, so the JVM is not
     * a difference between them and the acceptor.
     */
    void start(Ports ports, int basePort, List<String> acceptorFlags, boolean withScript) throws IOException {
        Files.createDirectories(dir.resolve("redis"));
        Files.createDirectories(dir.resolve("tmp"));
        redisPort = ports.next(basePort + 40);
        setServerPort = ports.next(basePort + 41);
        nginx204Port = ports.next(basePort + 42);
        nginxProxyPort = ports.next(basePort + 43);
        scriptServerPort = withScript ? ports.next(basePort + 44) : 0;
        String rewriteMin = System.getenv().getOrDefault("GAVEL_REDIS_AOF_REWRITE_MIN_SIZE", "1gb");
        launch(REDIS, List.of("redis-server", "--port", Integer.toString(redisPort), "--bind", "127.0.0.1",
                "--dir", dir.resolve("redis").toString(), "--appendonly", "yes", "--appendfsync", "always", "--save", "",
                "--daemonize", "no", "--auto-aof-rewrite-min-size", rewriteMin), Map.of(), "redis.log");
        Waiting.until(START_TIMEOUT, "the reference redis", () -> AofRewrites.stat(redisPort, "aof_enabled").isPresent());
        launchBare(SET_SERVER, setServerPort, "set", acceptorFlags);
        if (withScript) {
            launchBare(SCRIPT_SERVER, scriptServerPort, "bid-script", acceptorFlags);
        }
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, nginxConfig(Files.readString(root.resolve("bench/nginx/reference.conf.template"))));
        launch(NGINX, List.of(nginxBinary(), "-p", dir.toString(), "-e", dir.resolve("nginx-error.log").toString(),
                "-c", conf.toString()), Map.of(), "nginx.log");
        Waiting.until(START_TIMEOUT, "the reference nginx", () -> Ports.inUse(nginxProxyPort));
    }

    private void launchBare(String name, int port, String mode, List<String> jvmFlags) {
        List<String> command = new ArrayList<>();
        command.add("java");
        command.addAll(jvmFlags);
        command.add("-jar");
        command.add(root.resolve("bench/reference/target/gavel-bench-reference.jar").toString());
        launch(name, command, Map.of("REF_PORT", Integer.toString(port), "REF_REDIS_URL", "redis://127.0.0.1:" + redisPort,
                "REF_MODE", mode), name + ".log");
        Waiting.until(START_TIMEOUT, "the bare Vert.x server (" + mode + ")", () -> Ports.inUse(port));
    }

    private void launch(String name, List<String> command, Map<String, String> env, String log) {
        processes.put(name, commands.start(command, env, dir.resolve(log)));
    }

    private String nginxConfig(String template) {
        String user = "root".equals(System.getProperty("user.name")) ? "user root;" : "";
        return template.replace("${REF_HOME}", dir.toString())
                .replace("${NGINX_USER}", user)
                .replace("${REF_SERVER_PORT}", Integer.toString(setServerPort))
                .replace("${NGINX_204_PORT}", Integer.toString(nginx204Port))
                .replace("${NGINX_PROXY_PORT}", Integer.toString(nginxProxyPort));
    }

    static String nginxBinary() {
        for (String dirName : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dirName.isEmpty() ? "." : dirName, "nginx");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return "/usr/sbin/nginx";
    }

    /** Group name → pid of each reference server, for the CPU accounting. */
    Map<String, Long> pids() {
        Map<String, Long> pids = new LinkedHashMap<>();
        processes.forEach((name, process) -> pids.put(name, process.pid()));
        return pids;
    }

    int redisPort() {
        return redisPort;
    }

    String setServerUrl() {
        return "http://127.0.0.1:" + setServerPort;
    }

    String scriptServerUrl() {
        return "http://127.0.0.1:" + scriptServerPort;
    }

    String nginx204Url() {
        return "http://127.0.0.1:" + nginx204Port;
    }

    String nginxProxyUrl() {
        return "http://127.0.0.1:" + nginxProxyPort;
    }

    @Override
    public void close() {
        processes.values().forEach(Process::destroy);
        processes.values().forEach(Commands::stop);
    }
}
