package dev.gavel.acceptor.support;

import dev.gavel.testkit.RedisServer;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A fresh Redis, the real acceptor pointed at it and a {@link RedisProbe}, started and closed for a test class.
 *
 * <p>Registered on a static field, one stack serves the whole class:
 * <pre>
 * {@literal @}RegisterExtension
 * static final AcceptorFixture fixture = AcceptorFixture.withDefaults();
 * </pre>
 * Registered on an instance field, every test gets its own (for tests that kill or pause Redis).
 * Data is not flushed between tests: a class that wants that calls {@link #flushAll()} in its {@code @BeforeEach}.
 */
public final class AcceptorFixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    private final Map<String, String> config;
    private RedisServer redis;
    private RunningAcceptor acceptor;
    private RedisProbe probe;
    private boolean startedForOneTest;

    private AcceptorFixture(Map<String, String> config) {
        this.config = Map.copyOf(config);
    }

    /** The acceptor with {@link RunningAcceptor}'s test defaults. */
    public static AcceptorFixture withDefaults() {
        return new AcceptorFixture(Map.of());
    }

    /** The acceptor with these environment variables on top of the test defaults. */
    public static AcceptorFixture withConfig(Map<String, String> overrides) {
        return new AcceptorFixture(overrides);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        stop();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        if (redis == null) {
            startedForOneTest = true;
            start();
        }
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (startedForOneTest) {
            stop();
        }
    }

    public RedisServer redis() {
        return started(redis);
    }

    public RunningAcceptor acceptor() {
        return started(acceptor);
    }

    /** Opened on first use and closed with the fixture. */
    public RedisProbe probe() {
        if (probe == null) {
            probe = new RedisProbe(redis().uri());
        }
        return probe;
    }

    public void flushAll() {
        redis().flushAll();
    }

    /** A bidder, as {@link TestData#user} with credential version 1. */
    public void user(String username, String password) {
        TestData.user(redis(), username, password, "1");
    }

    public void issuer(String username, String password) {
        TestData.issuer(redis(), username, password);
    }

    public void openItem(String itemKey) {
        TestData.openItem(redis(), itemKey);
    }

    public void shareClass(String classKey, long authorized) {
        TestData.shareClass(redis(), classKey, authorized);
    }

    private void start() {
        redis = RedisServer.startFresh();
        acceptor = RunningAcceptor.start(redis.uri(), config);
    }

    private void stop() {
        try {
            if (probe != null) {
                probe.close();
            }
        } finally {
            try {
                if (acceptor != null) {
                    acceptor.close();
                }
            } finally {
                if (redis != null) {
                    redis.close();
                }
                probe = null;
                acceptor = null;
                redis = null;
                startedForOneTest = false;
            }
        }
    }

    private static <T> T started(T resource) {
        if (resource == null) {
            throw new IllegalStateException("the acceptor fixture is not running: register it with @RegisterExtension");
        }
        return resource;
    }
}
