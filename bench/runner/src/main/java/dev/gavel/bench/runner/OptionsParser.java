package dev.gavel.bench.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Turns bench/run's arguments into {@link Options}, refusing anything out of range. */
final class OptionsParser {

    static final String USAGE = """
            Gavel's benchmark runner: starts its own stack and its own reference servers, loads them with wrk
            (and ab), and writes bench/results/<date>/report.md with a chart and the raw output.

              bench/run [options]            (also: bin/gavel bench [options])
              bench/report RESULTS_DIR       render report.md and chart.svg again from RESULTS_DIR/raw

              -d, --duration SECONDS    measured time of each main scenario (default 10; the targets use 30);
                                        the secondary scenarios run for half of it
              -w, --warmup SECONDS      warm-up at full concurrency before each measurement (default 3)
              -j, --jit-warmup SECONDS  once, before the first scenario: bids through nginx and requests to the bare
                                        reference servers for this long, so no JVM is still compiling its hot
                                        path in the first measurement (default 10; also for a second acceptor)
              -a, --archive on|off      off: the stack runs no processor (GAVEL_PROCESSORS=0), so the write path is
                                        measured without the archive's and the derived views' work on the same
                                        cores, as when they run elsewhere (default on; the streams then grow)
              -c, --connections N       wrk connections (default 64; the *-c20 scenarios always use 20)
              -t, --threads N           wrk threads (default 2)
              -s, --scenarios LIST      comma-separated scenario names (default: all; --list shows them)
              -p, --port PORT           GAVEL_PORT of the bench stack (default 18480; reference ports follow)
              -o, --out DIR             results directory (default bench/results/<UTC date and time>)
                  --hot-rate N          live-hot: the hot item's bids a second, all of them the tool's probes
                                        (default 100; 1..1000), so that its delays can be measured at several rates
                  --no-build            use the jars already built
                  --list                list the scenarios and exit

            Load only ever goes to 127.0.0.1 and to servers this runner started; everything it started is
            stopped when it ends, also on Ctrl-C. docs/performance.md explains the scenarios and the figures.
            """;

    private OptionsParser() {
    }

    static Options parse(String... args) {
        Options.Action action = Options.Action.RUN;
        int duration = Options.DEFAULT_DURATION;
        int warmup = Options.DEFAULT_WARMUP;
        int jitWarmup = Options.DEFAULT_JIT_WARMUP;
        boolean archive = true;
        int connections = Options.DEFAULT_CONNECTIONS;
        int threads = Options.DEFAULT_THREADS;
        List<String> scenarios = List.of();
        int port = Options.DEFAULT_PORT;
        Optional<Path> out = Optional.empty();
        boolean build = true;
        int hotRate = LiveLoad.HOT_PROBES_PER_SECOND;
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String flag = rest.remove(0);
            switch (flag) {
                case "-d", "--duration" -> duration = number(flag, value(flag, rest), 2, 600);
                case "-w", "--warmup" -> warmup = number(flag, value(flag, rest), 0, 120);
                case "-j", "--jit-warmup" -> jitWarmup = number(flag, value(flag, rest), 0, 300);
                case "-a", "--archive" -> archive = onOff(value(flag, rest));
                case "-c", "--connections" -> connections = number(flag, value(flag, rest), 1, 4096);
                case "-t", "--threads" -> threads = number(flag, value(flag, rest), 1, 4096);
                case "-s", "--scenarios" -> scenarios = scenarioList(value(flag, rest));
                case "-p", "--port" -> port = number(flag, value(flag, rest), 1025, 63999);
                case "-o", "--out" -> out = Optional.of(Path.of(value(flag, rest)));
                case "--no-build" -> build = false;
                case "--hot-rate" -> hotRate = number(flag, value(flag, rest), 1, 1000);
                case "--list" -> action = Options.Action.LIST;
                case "-h", "--help" -> action = Options.Action.HELP;
                case "--report" -> {
                    action = Options.Action.REPORT;
                    out = Optional.of(Path.of(value(flag, rest)));
                }
                default -> throw new UsageException("unknown option '" + flag + "'");
            }
        }
        if (threads > connections) {
            throw new UsageException("threads must be 1 to the number of connections");
        }
        return new Options(action, duration, warmup, jitWarmup, archive, connections, threads, scenarios, port, out, build, hotRate);
    }

    private static String value(String flag, List<String> rest) {
        if (rest.isEmpty()) {
            throw new UsageException(flag + " needs a value");
        }
        return rest.remove(0);
    }

    private static int number(String flag, String text, int min, int max) {
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " must be a whole number, not '" + text + "'");
        }
        if (n < min || n > max) {
            throw new UsageException(flag + " must be " + min + " to " + max + ", not " + n);
        }
        return n;
    }

    private static boolean onOff(String text) {
        return switch (text) {
            case "on" -> true;
            case "off" -> false;
            default -> throw new UsageException("archive must be on or off, not '" + text + "'");
        };
    }

    private static List<String> scenarioList(String text) {
        if (text.equals("all")) {
            return List.of();
        }
        List<String> names = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String name : names) {
            if (Catalogue.find(name).isEmpty()) {
                throw new UsageException("unknown scenario '" + name + "' (bench/run --list)");
            }
        }
        return names;
    }
}
