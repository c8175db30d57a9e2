package dev.gavel.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/**
 * Prometheus's usual {@code process_cpu_seconds_total}, in place of Micrometer's {@code process.cpu.time}
 * in nanoseconds, which {@link PrometheusNames} drops.
 */
public final class ProcessCpuSeconds implements MeterBinder {

    private static final double NANOS_PER_SECOND = 1e9;

    @Override
    public void bindTo(MeterRegistry registry) {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean hotspot) {
            FunctionCounter.builder("process.cpu", hotspot, bean -> bean.getProcessCpuTime() / NANOS_PER_SECOND)
                    .description("CPU time the process has used, in seconds.")
                    .baseUnit("seconds")
                    .register(registry);
        }
    }
}
