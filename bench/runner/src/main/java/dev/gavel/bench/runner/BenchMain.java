package dev.gavel.bench.runner;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.logging.ConsoleHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * bench/run's entry point: {@code java -jar gavel-bench-runner.jar --root <repository> [options]}.
 * Progress goes to stderr, one "bench: ..." line per step; the usage and the scenario list, which a
 * person asked for, go to stdout.
 */
public final class BenchMain {

    private static final Logger LOG = Logger.getLogger(BenchMain.class.getName());

    private BenchMain() {
    }

    public static void main(String[] args) {
        configureLogging();
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        int status;
        try {
            status = run(args, stdout);
        } catch (UsageException e) {
            LOG.severe(e.getMessage());
            stdout.print(OptionsParser.USAGE);
            status = 2;
        } catch (BenchFailure e) {
            LOG.severe(e.getMessage());
            status = 1;
        } catch (IOException e) {
            LOG.severe("I/O failure: " + e.getMessage());
            status = 1;
        }
        System.exit(status);
    }

    private static int run(String[] args, PrintStream stdout) throws IOException {
        if (args.length < 2 || !args[0].equals("--root")) {
            throw new UsageException("bench/run passes --root <repository> first");
        }
        Path root = Path.of(args[1]).toAbsolutePath().normalize();
        String[] rest = Arrays.copyOfRange(args, 2, args.length);
        Options options = OptionsParser.parse(rest);
        switch (options.action()) {
            case HELP -> stdout.print(OptionsParser.USAGE);
            case LIST -> Catalogue.ALL.forEach(s -> stdout.printf("%-18s %s%n", s.name(), s.description()));
            case REPORT -> {
                Path dir = options.out().orElseThrow();
                new Report(dir).write();
                LOG.info("report: " + dir.resolve("report.md"));
            }
            case RUN -> new BenchRun(options, root).run();
            default -> throw new IllegalStateException(options.action().name());
        }
        return 0;
    }

    /** One line per message, "bench: ..." as the shell runner printed, on stderr. */
    private static void configureLogging() {
        Logger root = Logger.getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        Handler console = new ConsoleHandler();
        console.setFormatter(new Formatter() {
            @Override
            public String format(LogRecord record) {
                return "bench: " + record.getMessage() + System.lineSeparator();
            }
        });
        root.addHandler(console);
    }
}
