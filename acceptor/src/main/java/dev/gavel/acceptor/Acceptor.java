package dev.gavel.acceptor;

import dev.gavel.acceptor.auth.AuthThrottle;
import dev.gavel.acceptor.auth.ClientAddresses;
import dev.gavel.acceptor.auth.CredentialCache;
import dev.gavel.acceptor.auth.HashPool;
import dev.gavel.acceptor.metrics.Metrics;
import dev.gavel.acceptor.metrics.RuntimeMetricsVerticle;
import dev.gavel.acceptor.store.Script;
import dev.gavel.acceptor.time.ArrivalClock;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/** Deploys the configured number of server verticles; answers the port they share once all listen. */
public final class Acceptor {

    private Acceptor() {
    }

    public static Future<Integer> deploy(Vertx vertx, AcceptorConfig config, ArrivalClock clock) {
        Objects.requireNonNull(vertx, "vertx");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        CredentialCache credentials = new CredentialCache(config.authCacheSize());
        Metrics metrics = new Metrics();
        // One hash pool and one set of abuse counters per process, shared by every event loop.
        HashPool hashes = new HashPool(config.abuse().hashThreads(), config.abuse().hashQueue(),
                config.abuse().passwordIterations(), metrics);
        AuthThrottle throttle = new AuthThrottle(config.abuse(), System::nanoTime);
        ClientAddresses addresses = new ClientAddresses(config.abuse().trustedProxies());
        Script bidScript = Script.load(Script.BID);
        Script impressionScript = Script.load(Script.IMPRESSION);
        Script certificateScript = Script.load(Script.CERTIFICATE);
        List<ServerVerticle> instances = new CopyOnWriteArrayList<>();
        // The JVM and process meters join the same registry, for as long as the acceptor is deployed.
        return vertx.deployVerticle(new RuntimeMetricsVerticle(metrics.registry()))
                .compose(runtime -> vertx.deployVerticle(() -> {
                    ServerVerticle verticle = new ServerVerticle(config, clock, credentials, bidScript, impressionScript,
                            certificateScript, metrics, hashes, throttle, addresses);
                    instances.add(verticle);
                    return verticle;
                }, new DeploymentOptions().setInstances(config.verticles())))
                .map(deploymentId -> instances.get(0).actualPort());
    }
}
