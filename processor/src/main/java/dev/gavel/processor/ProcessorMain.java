package dev.gavel.processor;

import dev.gavel.contract.EnvSettings;
import dev.gavel.metrics.PrometheusNames;
import dev.gavel.metrics.RuntimeMetrics;
import dev.gavel.processor.ops.OpsServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Starts one processor and its health and metrics port ({@code GAVEL_PROCESSOR_PORT}), and stops both on
 * SIGTERM. A setting that cannot
 * be used ends the process with status 2 and one line naming it.
 */
public final class ProcessorMain {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessorMain.class);

    private ProcessorMain() {
    }

    public static void main(String[] args) throws IOException {
        ProcessorConfig config;
        try {
            config = ProcessorConfig.fromEnvironment(System.getenv());
        } catch (EnvSettings.InvalidSetting e) {
            LOG.error("cannot start: {}", e.getMessage());
            System.exit(2);
            return;
        }
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        meters.config().meterFilter(new PrometheusNames());
        RuntimeMetrics runtime = RuntimeMetrics.bindTo(meters);
        Processor processor = Processor.start(config, meters);
        OpsServer ops = new OpsServer(config.host(), config.port(), meters, processor::unreachableStores);
        LOG.info("processor {} started: {} partitions, health and metrics on http://{}:{}", processor.consumerName(),
                config.partitions(), config.host(), ops.port());
        // The loop's thread keeps the process alive; SIGTERM runs this hook, which lets the current pass end.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            ops.close();
            processor.close();
            runtime.close();
            LOG.info("processor {} stopped", processor.consumerName());
        }, "gavel-processor-stop"));
    }
}
