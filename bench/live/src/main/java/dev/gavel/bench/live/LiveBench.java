package dev.gavel.bench.live;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The live stream load tool's entry point: parses the options, runs, writes the JSON report to
 * --out. Exit status 0 after a run (whatever it measured), 2 for bad options, 1 when the run could not
 * be made (no stream server, the probe user refused).
 */
public final class LiveBench {

    private static final Logger LOG = Logger.getLogger(LiveBench.class.getName());

    private LiveBench() {
    }

    public static void main(String[] args) {
        LiveOptions options;
        try {
            options = LiveOptions.parse(args);
        } catch (IllegalArgumentException e) {
            LOG.severe(e.getMessage());
            System.exit(2);
            return;
        }
        try {
            LiveReport report = new LiveRun(options).run();
            Files.writeString(options.out(), report.toJson(), StandardCharsets.UTF_8);
            LOG.info("report: " + options.out());
            System.exit(0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            System.exit(1);
        } catch (Exception e) {
            LOG.log(Level.SEVERE, "the run failed: " + e.getMessage(), e);
            System.exit(1);
        }
    }
}
