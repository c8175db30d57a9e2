package dev.gavel.query.archive;

import dev.gavel.query.GavelConfig;
import dev.gavel.query.store.MongoStore;
import dev.gavel.query.store.RedisStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Runs this instance's {@link Archiver} on its own thread, off Micronaut's event loop, from startup
 * (after the catalogue is mirrored) until shutdown. Every instance is one consumer of the group, named
 * {@code GAVEL_ARCHIVE_CONSUMER} or {@code <host>-<pid>-<random>}, so several instances share the work.
 */
@Singleton
public class ArchiveService {

    private static final Logger LOG = LoggerFactory.getLogger(ArchiveService.class);

    private final GavelConfig config;
    private final RedisStore redis;
    private final MongoStore mongo;
    private final MeterRegistry meters;
    private Archiver archiver;
    private Thread thread;

    public ArchiveService(GavelConfig config, RedisStore redis, MongoStore mongo, MeterRegistry meters) {
        this.config = config;
        this.redis = redis;
        this.mongo = mongo;
        this.meters = meters;
    }

    public synchronized void start() {
        if (!config.isArchiveEnabled() || thread != null) {
            return;
        }
        archiver = new Archiver(redis, mongo, config, consumerName(), meters);
        thread = new Thread(archiver, "gavel-archiver");
        thread.setDaemon(true);
        thread.start();
    }

    @PreDestroy
    public synchronized void stop() {
        if (thread == null) {
            return;
        }
        archiver.stop();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the archiver did not stop within 5 s; its unacknowledged entries will be claimed by another instance");
        }
        thread = null;
    }

    private String consumerName() {
        if (!config.getArchiveConsumer().isBlank()) {
            return config.getArchiveConsumer().trim();
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "query";
        }
        byte[] random = new byte[3];
        new SecureRandom().nextBytes(random);
        return host + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-" + HexFormat.of().formatHex(random);
    }
}
