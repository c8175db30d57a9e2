package dev.gavel.acceptor;

import dev.gavel.acceptor.auth.CredentialCache;
import dev.gavel.acceptor.metrics.Metrics;
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
        Script bidScript = Script.load(Script.BID);
        Script impressionScript = Script.load(Script.IMPRESSION);
        Script certificateScript = Script.load(Script.CERTIFICATE);
        Metrics metrics = new Metrics();
        List<ServerVerticle> instances = new CopyOnWriteArrayList<>();
        return vertx.deployVerticle(() -> {
                    ServerVerticle verticle = new ServerVerticle(config, clock, credentials, bidScript, impressionScript,
                            certificateScript, metrics);
                    instances.add(verticle);
                    return verticle;
                }, new DeploymentOptions().setInstances(config.verticles()))
                .map(deploymentId -> instances.get(0).actualPort());
    }
}
