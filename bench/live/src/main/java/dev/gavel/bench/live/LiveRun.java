package dev.gavel.bench.live;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * One run, phase by phase, each bounded in time: the probe user and a first bid (unmeasured); the
 * server's RSS; the streams opened at the ramp rate; a settle and the RSS again; the warm-up (probes at
 * the probe rate that count for nothing, until told or at most --warmup-seconds); the ready file; the
 * probes for the duration and a grace for their last deliveries; then the slow subscribers read again
 * (so the streams the server dropped show as ended) and the figures are taken.
 */
final class LiveRun {

    private static final Logger LOG = Logger.getLogger(LiveRun.class.getName());
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SLOW_READ = Duration.ofSeconds(2);

    private final LiveOptions options;

    LiveRun(LiveOptions options) {
        this.options = options;
    }

    LiveReport run() throws IOException, InterruptedException {
        // The streams read on event loops of their own (StreamClient); Vert.x's one loop only places the probes.
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        StreamClient streamClient = new StreamClient(options.streams(), options.eventLoops());
        HttpClientAgent bidClient = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(10_000),
                new PoolOptions().setHttp1MaxSize(Prober.MAX_IN_FLIGHT));
        try {
            return measure(streamClient, bidClient);
        } finally {
            streamClient.close();
            bidClient.close();
            vertx.close().toCompletionStage().toCompletableFuture().completeOnTimeout(null, 10, TimeUnit.SECONDS).join();
        }
    }

    private LiveReport measure(StreamClient streamClient, HttpClientAgent bidClient)
            throws IOException, InterruptedException {
        Delays delays = new Delays();
        ProbeLedger ledger = new ProbeLedger(delays);
        Prober prober = new Prober(bidClient, options.bids(), options.credentials(), ledger);
        if (options.createUser()) {
            createUser(bidClient);
        }
        int warm = prober.warm(options.items().get(0), REQUEST_TIMEOUT);
        if (warm != 201) {
            throw new IllegalStateException("the first probe bid on " + options.items().get(0) + " answered " + warm + ", not 201");
        }
        long rssBefore = rss();
        Counters counters = new Counters();
        BidUser probeUser = new BidUser(options.user());
        long rampStart = System.nanoTime();
        List<Subscriber> subscribers = open(streamClient, ledger, probeUser, counters);
        double rampSeconds = (System.nanoTime() - rampStart) / 1e9;
        long connected = subscribers.stream().filter(s -> s.state() != Subscriber.State.FAILED).count();
        LOG.info(connected + " of " + subscribers.size() + " streams open in " + String.format(Locale.ROOT, "%.1f", rampSeconds) + " s; settling "
                + options.settleSeconds() + " s");
        TimeUnit.SECONDS.sleep(options.settleSeconds());
        long rssAfter = rss();
        LiveReport.Warmup warmup = warmUp(bidClient, ledger);
        if (options.ready().isPresent()) {
            Files.writeString(options.ready().get(), "ready\n");
        }
        TimeUnit.SECONDS.sleep(options.leadInSeconds());

        long eventsBefore = counters.fastEvents();
        long cpuBefore = cpuMillis();
        long measureStart = System.nanoTime();
        LOG.info("probing at " + options.probeRate() + " bids/s for " + options.durationSeconds() + " s");
        prober.run(options.items(), options.probeRate(), Duration.ofSeconds(options.durationSeconds()));
        prober.drain(REQUEST_TIMEOUT);
        TimeUnit.SECONDS.sleep(options.graceSeconds());
        ledger.close();
        Delays.Snapshot delay = delays.snapshot();
        double measuredSeconds = (System.nanoTime() - measureStart) / 1e9;
        long cpuMs = cpuMillis() - cpuBefore;
        long eventsMeasured = counters.fastEvents() - eventsBefore;

        Map<String, List<ProbeLedger.OpenSubscriber>> open = new HashMap<>();
        int drops = 0;
        int failed = 0;
        for (Subscriber s : subscribers) {
            if (s.state() == Subscriber.State.FAILED) {
                failed++;
            } else if (!s.slow() && s.state() == Subscriber.State.ENDED) {
                drops++;
            } else if (!s.slow()) {
                open.computeIfAbsent(s.item(), i -> new ArrayList<>()).add(new ProbeLedger.OpenSubscriber(s.id(), s.openedNanos()));
            }
        }
        ProbeLedger.Coverage coverage = ledger.coverage(open);
        int slowDropped = slowDropped(subscribers);
        subscribers.forEach(Subscriber::closing);
        Map<Subscriber.Failure, Long> failures = new EnumMap<>(Subscriber.Failure.class);
        subscribers.forEach(s -> failures.merge(s.failure(), 1L, Long::sum));
        return new LiveReport(options.subscribers(), options.subscribers() - failed, failed,
                failures.getOrDefault(Subscriber.Failure.TIMEOUT, 0L), failures.getOrDefault(Subscriber.Failure.STATUS, 0L),
                failures.getOrDefault(Subscriber.Failure.CONNECT, 0L), options.slow(), slowDropped,
                options.items().size(), prober.sent(), prober.accepted(), prober.refused(), prober.skipped(), counters.fastEvents(),
                eventsMeasured, measuredSeconds, coverage.expected(), delay.count(), coverage.missing(), ledger.duplicates(),
                ledger.arrivedBefore201(), ledger.unmatched(), ledger.late(), drops, delay.p50Us(), delay.p90Us(), delay.p99Us(),
                delay.p999Us(), delay.maxUs(), ledger.split(), rssBefore, rssAfter, cpuMs, rampSeconds,
                new LiveReport.Warmup(warmup.seconds(), warmup.probesSent(), warmup.probesAccepted(), ledger.warmupArrivals()));
    }

    /**
     * Probes at the probe rate, on the streams as they will be measured (and, in live-hot, with the bid load
     * the runner keeps going meanwhile), so that the server compiles its stream path, and this fresh JVM its
     * own, before the measured window: measured from the start, the JIT took a third of the server's CPU in
     * a 10 s window. Ends when the --warmup-until file appears or after --warmup-seconds; the probes still in
     * flight are awaited, and none of it is counted: the measured window has a prober of its own, and the
     * ledger keeps every warm-up probe out of the delays, the misses and the duplicates.
     */
    private LiveReport.Warmup warmUp(HttpClientAgent bidClient, ProbeLedger ledger) throws IOException, InterruptedException {
        // The warm-up's clock starts before the runner is told it has begun: the runner times its own end of the
        // warm-up from that file, so a clock started after it (past the first log line) ran short of the runner's.
        long start = System.nanoTime();
        if (options.warming().isPresent()) {
            Files.writeString(options.warming().get(), "warming\n");
        }
        if (options.warmupSeconds() == 0) {
            return LiveReport.Warmup.NONE;
        }
        LOG.info("warming up at " + options.probeRate() + " probe bids/s for at most " + options.warmupSeconds() + " s"
                + options.warmupUntil().map(f -> ", until " + f + " exists").orElse(""));
        ledger.warmingUp();
        Prober warm = new Prober(bidClient, options.bids(), options.credentials(), ledger);
        warm.run(options.items(), options.probeRate(), Duration.ofSeconds(options.warmupSeconds()),
                () -> options.warmupUntil().map(Files::exists).orElse(false));
        warm.drain(REQUEST_TIMEOUT);
        double seconds = (System.nanoTime() - start) / 1e9;
        ledger.measureFrom(System.nanoTime());
        LOG.info("warm-up over after " + String.format(Locale.ROOT, "%.1f", seconds) + " s, " + warm.sent() + " probes");
        return new LiveReport.Warmup(seconds, warm.sent(), warm.accepted(), 0);
    }

    /**
     * Opens the streams at the ramp rate, from this (non event loop) thread, then waits until each one
     * is open or failed (at most 30 s after the last was requested). Subscriber i is on item i mod M;
     * the last {@code slow} of them never read.
     */
    private List<Subscriber> open(StreamClient client, ProbeLedger ledger, BidUser probeUser, Counters counters)
            throws InterruptedException {
        List<Subscriber> subscribers = new ArrayList<>(options.subscribers());
        long start = System.nanoTime();
        long interval = 1_000_000_000L / options.rampPerSecond();
        for (int i = 0; i < options.subscribers(); i++) {
            long wait = start + i * interval - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            String item = options.items().get(i % options.items().size());
            Subscriber s = new Subscriber(i, item, i >= options.subscribers() - options.slow(), ledger, probeUser, counters);
            subscribers.add(s);
            client.open("/items/" + item + "/live", s, s::failed);
        }
        long end = System.nanoTime() + OPEN_TIMEOUT.toNanos();
        while (System.nanoTime() < end && subscribers.stream().anyMatch(s -> s.state() == Subscriber.State.CONNECTING)) {
            TimeUnit.MILLISECONDS.sleep(50);
        }
        subscribers.forEach(Subscriber::timedOut);
        return subscribers;
    }

    /** The slow subscribers read again for 2 s: those whose stream the server had closed see its end. */
    private static int slowDropped(List<Subscriber> subscribers) throws InterruptedException {
        List<Subscriber> slow = subscribers.stream().filter(Subscriber::slow).filter(s -> s.state() != Subscriber.State.FAILED).toList();
        if (slow.isEmpty()) {
            return 0;
        }
        slow.forEach(Subscriber::resume);
        TimeUnit.MILLISECONDS.sleep(SLOW_READ.toMillis());
        return (int) slow.stream().filter(s -> s.state() == Subscriber.State.ENDED).count();
    }

    private void createUser(HttpClientAgent client) {
        String body = "{\"username\": \"" + options.user() + "\", \"password\": \"" + options.password().replace("\\", "\\\\")
                .replace("\"", "\\\"") + "\"}";
        RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setHost(options.bids().host())
                .setPort(options.bids().port()).setURI("/users").putHeader("Content-Type", "application/json").setTimeout(30_000);
        int status;
        try {
            status = client.request(request).compose(r -> r.send(Buffer.buffer(body))).compose(r -> r.body().map(b -> r.statusCode()))
                    .toCompletionStage().toCompletableFuture().get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (Exception e) {
            throw new IllegalStateException("POST /users of the probe user failed: " + e.getMessage(), e);
        }
        if (status != 201 && status != 409) {
            throw new IllegalStateException("POST /users of the probe user answered " + status);
        }
    }

    private long rss() {
        return options.serverPid().isPresent() ? ServerMemory.rssKib(options.serverPid().getAsLong()).orElse(-1) : -1;
    }

    private static long cpuMillis() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toMillis).orElse(0L);
    }
}
