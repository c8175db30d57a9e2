package dev.gavel.bench.live;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.IntStream;

/** The tool's settings, each bounded so that every phase of a run ends in a known time. */
record LiveOptions(Target streams, Target bids, List<String> items, int subscribers, int slow, int rampPerSecond,
                   int settleSeconds, int leadInSeconds, int durationSeconds, double probeRate, int graceSeconds,
                   String credentials, boolean createUser, OptionalLong serverPid, Path out, Optional<Path> ready,
                   int eventLoops, int warmupSeconds, Optional<Path> warming, Optional<Path> warmupUntil) {

    static final String USAGE = """
            gavel-bench-live: SSE subscribers on items' live streams and probe bids; the delay from each probe's 201
            to its arrival at every subscriber, as JSON.

              java -jar gavel-bench-live.jar --stream-url http://127.0.0.1:PORT --bid-url http://127.0.0.1:PORT
                  (--items A,B,C | --item-prefix PREFIX --item-count M) --subscribers N --user NAME:PASSWORD --out FILE
                  [--slow K] [--ramp-per-second R] [--settle-seconds S] [--lead-in-seconds L] [--duration S]
                  [--probe-rate R] [--grace-seconds G] [--create-user] [--server-pid PID] [--ready FILE] [--event-loops E]
                  [--warmup-seconds W] [--warming FILE] [--warmup-until FILE]

              --stream-url       where the subscribers connect: nginx or one query-api instance (127.0.0.1 only)
              --bid-url          where the probe bids go: nginx or an acceptor (127.0.0.1 only)
              --subscribers      streams to open (1..20000), spread round-robin over the items
              --slow             how many of them never read (default 0)
              --ramp-per-second  streams opened per second (default 1000)
              --settle-seconds   wait after the last stream opened, before the server's RSS is read again (default 3)
              --lead-in-seconds  wait after the ready file is written, before the first probe (default 0)
              --duration         seconds of probing (default 10)
              --probe-rate       probe bids per second, all items together (default 20)
              --grace-seconds    wait after the last probe for its deliveries (default 2)
              --create-user      POST /users the probe user first (201 or 409 are both fine)
              --server-pid       the query-api process whose VmRSS is read before and after the streams open
              --ready            a file written once every stream is open and settled
              --event-loops      the streams' event loops (default 2; the probes have one of their own)
              --warmup-seconds   at most this long after the settle, probes at the probe rate that count for nothing, so
                                 the server's (and this tool's) JIT compiles the stream path before the measured window
                                 (default 0: none)
              --warming          a file written when the warm-up starts (every stream open and settled)
              --warmup-until     the warm-up ends early once this file exists (bench/run writes it when the JVMs'
                                 compiler threads have settled); without it the warm-up lasts --warmup-seconds
            """;

    LiveOptions {
        items = List.copyOf(items);
    }

    static LiveOptions parse(String... args) {
        Target streams = null;
        Target bids = null;
        List<String> items = List.of();
        String prefix = null;
        int itemCount = 0;
        int subscribers = 0;
        int slow = 0;
        int ramp = 1000;
        int settle = 3;
        int leadIn = 0;
        int duration = 10;
        double probeRate = 20;
        int grace = 2;
        String credentials = null;
        boolean createUser = false;
        OptionalLong pid = OptionalLong.empty();
        Path out = null;
        Optional<Path> ready = Optional.empty();
        int loops = 2;
        int warmup = 0;
        Optional<Path> warming = Optional.empty();
        Optional<Path> warmupUntil = Optional.empty();
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String flag = rest.remove(0);
            switch (flag) {
                case "--stream-url" -> streams = Target.parse(value(flag, rest));
                case "--bid-url" -> bids = Target.parse(value(flag, rest));
                case "--items" -> items = Arrays.stream(value(flag, rest).split(",")).filter(s -> !s.isBlank()).toList();
                case "--item-prefix" -> prefix = value(flag, rest);
                case "--item-count" -> itemCount = number(flag, value(flag, rest), 1, 100_000);
                case "--subscribers" -> subscribers = number(flag, value(flag, rest), 1, 20_000);
                case "--slow" -> slow = number(flag, value(flag, rest), 0, 20_000);
                case "--ramp-per-second" -> ramp = number(flag, value(flag, rest), 1, 20_000);
                case "--settle-seconds" -> settle = number(flag, value(flag, rest), 0, 120);
                case "--lead-in-seconds" -> leadIn = number(flag, value(flag, rest), 0, 120);
                case "--duration" -> duration = number(flag, value(flag, rest), 1, 600);
                case "--probe-rate" -> probeRate = number(flag, value(flag, rest), 1, 1000);
                case "--grace-seconds" -> grace = number(flag, value(flag, rest), 0, 60);
                case "--user" -> credentials = value(flag, rest);
                case "--create-user" -> createUser = true;
                case "--server-pid" -> pid = OptionalLong.of(number(flag, value(flag, rest), 1, Integer.MAX_VALUE));
                case "--out" -> out = Path.of(value(flag, rest));
                case "--ready" -> ready = Optional.of(Path.of(value(flag, rest)));
                case "--event-loops" -> loops = number(flag, value(flag, rest), 1, 4);
                case "--warmup-seconds" -> warmup = number(flag, value(flag, rest), 0, 300);
                case "--warming" -> warming = Optional.of(Path.of(value(flag, rest)));
                case "--warmup-until" -> warmupUntil = Optional.of(Path.of(value(flag, rest)));
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        if (prefix != null) {
            if (!items.isEmpty() || itemCount == 0) {
                throw new IllegalArgumentException("--item-prefix needs --item-count, and not --items");
            }
            String p = prefix;
            items = IntStream.rangeClosed(1, itemCount).mapToObj(i -> p + i).toList();
        }
        if (streams == null || bids == null || items.isEmpty() || subscribers == 0 || credentials == null || out == null) {
            throw new IllegalArgumentException("--stream-url, --bid-url, the items, --subscribers, --user and --out are required\n" + USAGE);
        }
        if (!credentials.matches("[A-Za-z0-9_.-]+:.+")) {
            throw new IllegalArgumentException("--user must be NAME:PASSWORD, the name of letters, digits, '.', '_' or '-'");
        }
        if (slow >= subscribers) {
            throw new IllegalArgumentException("--slow must be below --subscribers");
        }
        if (warmupUntil.isPresent() && warmup == 0) {
            throw new IllegalArgumentException("--warmup-until needs --warmup-seconds, its bound");
        }
        return new LiveOptions(streams, bids, items, subscribers, slow, ramp, settle, leadIn, duration, probeRate, grace,
                credentials, createUser, pid, out, ready, loops, warmup, warming, warmupUntil);
    }

    String user() {
        return credentials.substring(0, credentials.indexOf(':'));
    }

    String password() {
        return credentials.substring(credentials.indexOf(':') + 1);
    }

    private static String value(String flag, List<String> rest) {
        if (rest.isEmpty()) {
            throw new IllegalArgumentException(flag + " needs a value");
        }
        return rest.remove(0);
    }

    private static int number(String flag, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw new IllegalArgumentException(flag + " must be between " + min + " and " + max + ", not " + value);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " must be a number, not " + value, e);
        }
    }
}
