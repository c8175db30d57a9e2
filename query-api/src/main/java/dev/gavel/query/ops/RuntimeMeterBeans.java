package dev.gavel.query.ops;

import dev.gavel.metrics.ProcessCpuSeconds;
import dev.gavel.metrics.PrometheusNames;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;

/**
 * The naming filter and the process CPU meter every Gavel service shares (module {@code metrics}), as
 * beans that Micronaut's Micrometer support applies to its registry.
 */
@Factory
public class RuntimeMeterBeans {

    @Singleton
    MeterFilter prometheusNames() {
        return new PrometheusNames();
    }

    @Singleton
    MeterBinder processCpuSeconds() {
        return new ProcessCpuSeconds();
    }
}
