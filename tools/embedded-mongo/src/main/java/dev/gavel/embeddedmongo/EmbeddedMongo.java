package dev.gavel.embeddedmongo;

import de.bwaldvogel.mongo.MongoBackend;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;

/**
 * A development MongoDB: mongo-java-server on 127.0.0.1, on disk in {@code <dir>/gavel.mv}
 * (H2 MVStore, each write committed and synced before its reply) or in memory for tests. It advertises logical sessions in its hello reply,
 * because Micronaut Data opens a client session for every operation and the driver refuses
 * sessions otherwise. No transactions: Gavel's writes are idempotent instead.
 *
 * <p>{@code java -jar tools/embedded-mongo/target/gavel-embedded-mongo.jar --port 27017 --dir var/mongo}
 */
public final class EmbeddedMongo implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedMongo.class);
    private static final String HOST = "127.0.0.1";

    private final MongoServer server;
    private final int port;

    private EmbeddedMongo(MongoServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /** Starts on disk when {@code dir} is given, in memory when it is null. */
    public static EmbeddedMongo start(int port, Path dir) {
        MongoBackend backend = dir == null ? new SessionAwareMemoryBackend() : onDisk(dir);
        MongoServer server = new MongoServer(backend);
        server.bind(HOST, port);
        return new EmbeddedMongo(server, port);
    }

    public String connectionString(String database) {
        return "mongodb://" + HOST + ":" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** Stops listening and closes the backend, which writes and closes the H2 store. */
    @Override
    public void close() {
        server.shutdownNow();
    }

    public static void main(String[] args) throws InterruptedException {
        Integer port = null;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--port" -> {
                    port = parsePort(value);
                    i++;
                }
                case "--dir" -> {
                    dir = value == null ? null : Path.of(value);
                    i++;
                }
                default -> usage("unknown argument " + args[i]);
            }
        }
        if (port == null || dir == null) {
            usage("--port and --dir are required");
        }
        EmbeddedMongo mongo = start(port, dir);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mongo.close();
            LOG.info("embedded MongoDB stopped");
            stopped.countDown();
        }, "embedded-mongo-shutdown"));
        LOG.info("embedded MongoDB listening on {}:{}", HOST, port);
        stopped.await();
    }

    private static MongoBackend onDisk(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return new SessionAwareH2Backend(dir.resolve("gavel.mv").toString());
    }

    private static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port > 0 && port < 65536) {
                return port;
            }
        } catch (NumberFormatException e) {
            usage("--port must be a TCP port, got " + value);
        }
        usage("--port must be a TCP port, got " + value);
        return -1;
    }

    private static void usage(String problem) {
        LOG.error("{}; usage: EmbeddedMongo --port <port> --dir <data dir>", problem);
        System.exit(2);
    }

    static Document withSessions(String command, Document reply) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("hello") || name.equals("ismaster")) {
            reply.put("logicalSessionTimeoutMinutes", 30);
        }
        return reply;
    }

    /**
     * The H2 file backend, with sessions advertised, unique indexes ordered by value ({@link KeyValueOrder})
     * and every write on disk before its reply ({@link DurableCommits}).
     */
    private static final class SessionAwareH2Backend extends H2Backend {

        private final DurableCommits commits;

        SessionAwareH2Backend(String fileName) {
            super(fileName);
            this.commits = new DurableCommits(getMvStore());
        }

        @Override
        protected MongoDatabase openOrCreateDatabase(String databaseName) {
            return new ValueOrderedH2Database(databaseName, getMvStore(), getCursorRegistry());
        }

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            try {
                return withSessions(command, super.handleCommand(channel, database, command, query));
            } finally {
                commits.afterCommand(command);
            }
        }
    }

    private static final class SessionAwareMemoryBackend extends MemoryBackend {

        @Override
        public Document handleCommand(Channel channel, String database, String command, Document query) {
            return withSessions(command, super.handleCommand(channel, database, command, query));
        }
    }
}
