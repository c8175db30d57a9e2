package dev.gavel.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

/**
 * Keeps Micrometer's own meters within Prometheus's naming rules, as {@code promtool check metrics} checks
 * them: {@code process.cpu.time} counts nanoseconds (promtool wants seconds, which {@link ProcessCpuSeconds}
 * exports as {@code process_cpu_seconds_total}), and {@code system.cpu.count} would end in {@code _count},
 * which Prometheus keeps for histograms and summaries.
 */
public final class PrometheusNames implements MeterFilter {

    @Override
    public MeterFilterReply accept(Meter.Id id) {
        return "process.cpu.time".equals(id.getName()) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
    }

    @Override
    public Meter.Id map(Meter.Id id) {
        return "system.cpu.count".equals(id.getName()) ? id.withName("system.cpu.processors") : id;
    }
}
