package dev.gavel.acceptor.metrics;

import dev.gavel.metrics.RuntimeMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.Objects;

/**
 * Binds the JVM's and the process's meters for as long as the acceptor is deployed: its undeployment (a
 * {@code vertx.close()}) stops the garbage-collection listeners, so a test JVM that starts many acceptors
 * does not keep every old registry alive.
 */
public final class RuntimeMetricsVerticle extends VerticleBase {

    private final MeterRegistry registry;
    private RuntimeMetrics bound;

    public RuntimeMetricsVerticle(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public Future<?> start() {
        bound = RuntimeMetrics.bindTo(registry);
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        if (bound != null) {
            bound.close();
        }
        return Future.succeededFuture();
    }
}
