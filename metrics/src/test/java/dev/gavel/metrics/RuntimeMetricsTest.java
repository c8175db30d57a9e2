package dev.gavel.metrics;

import dev.gavel.testkit.Promtool;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The runtime meters, rendered by a Prometheus registry carrying the naming filter, pass promtool. */
class RuntimeMetricsTest {

    @Test
    void shouldExportJvmAndProcessMetersUnderNamesPromtoolAccepts() {
        // given
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new PrometheusNames());

        // when
        String text;
        try (RuntimeMetrics ignored = RuntimeMetrics.bindTo(registry)) {
            text = registry.scrape();
        }

        // then
        assertTrue(text.contains("# TYPE process_cpu_seconds_total counter"), text);
        assertTrue(text.contains("# TYPE system_cpu_processors gauge"), text);
        assertTrue(text.contains("jvm_memory_used_bytes"), text);
        assertTrue(text.contains("jvm_gc_"), text);
        assertFalse(text.contains("process_cpu_time") || text.contains("system_cpu_count"), text);
        assertEquals(List.of(), Promtool.problems(text), text);
    }
}
