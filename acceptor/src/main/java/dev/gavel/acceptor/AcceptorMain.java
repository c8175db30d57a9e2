package dev.gavel.acceptor;

import dev.gavel.acceptor.time.ArrivalClock;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Entry point of {@code java -jar gavel-acceptor.jar}: settings from the environment, then the servers. */
public final class AcceptorMain {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptorMain.class);

    private AcceptorMain() {
    }

    public static void main(String[] args) {
        AcceptorConfig config;
        try {
            config = AcceptorConfig.fromEnvironment(System.getenv());
        } catch (AcceptorConfig.ConfigException e) {
            LOG.error("invalid configuration: {}", e.getMessage());
            System.exit(2);
            return;
        }
        Vertx vertx = Vertx.vertx();
        Acceptor.deploy(vertx, config, ArrivalClock.system())
                .onSuccess(port -> LOG.info("gavel acceptor listening on http://{}:{} ({} verticles, redis {})",
                        config.host(), port, config.verticles(), config.redactedRedisUrl()))
                .onFailure(failure -> {
                    LOG.error("gavel acceptor failed to start on {}:{}: {}", config.host(), config.port(), failure.toString());
                    vertx.close().onComplete(closed -> System.exit(1));
                });
    }
}
