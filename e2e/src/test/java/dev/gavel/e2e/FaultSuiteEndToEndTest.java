package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The fault suite: several clients write through nginx (bids, impressions, certificate grants, each with an
 * Idempotency-Key and retries) while every process of a stack of its own is killed with SIGKILL and restarted
 * by {@code bin/gavel up}, one at a time, and Redis and MongoDB are frozen with SIGSTOP. Afterwards
 * {@link FaultChecker} proves through the public API that every acknowledged write is kept exactly once and
 * nothing refused was recorded. The summary goes to the test output and to {@code target/fault-report.txt}.
 *
 * <p>By default the load runs {@value #DEFAULT_SECONDS} s (at least one full fault cycle); {@code
 * -Dgavel.faults.seconds=600} runs it longer, cycling the faults, and {@code -Dgavel.faults.clients=N} changes
 * the number of clients (default 4), and {@code -Dgavel.faults.only="kill mongo,freeze redis"} injects only those
 * faults of {@link FaultInjector#CYCLE}.
 */
class FaultSuiteEndToEndTest {

    private static final long DEFAULT_SECONDS = 30;
    private static final int REPORTED_RETRIES = 40;
    private static final System.Logger LOG = System.getLogger(FaultSuiteEndToEndTest.class.getName());
    /**
     * Surefire runs in the module's directory: this is e2e/target/fault-report.txt, unless {@code gavel.faults.report}
     * names another file (the run on a Redis Cluster keeps its report beside the single Redis's).
     */
    private static final Path REPORT = Path.of(System.getProperty("gavel.faults.report", "target/fault-report.txt"));
    private static final String ADMIN = "admin:e2e-admin-secret";
    private static final String SHARE_CLASS = "FLT";
    private static final Duration WARM_UP = Duration.ofSeconds(4);
    private static final Duration BETWEEN_FAULTS = Duration.ofSeconds(3);
    /** When the items that close during the run close, after their creation: while faults are injected. */
    private static final List<Integer> CLOSE_AFTER_SECONDS = List.of(8, 14, 20);
    /** A client's last write may retry for up to a minute once the load stops. */
    private static final Duration CLIENT_DRAIN = Duration.ofSeconds(90);

    @Test
    void shouldKeepEveryAcknowledgedWriteExactlyOnceWhileEveryProcessIsKilledAndFrozen() throws Exception {
        long seconds = Long.getLong("gavel.faults.seconds", DEFAULT_SECONDS);
        int clients = Integer.getInteger("gavel.faults.clients", 4);
        List<String> cycle = cycle(System.getProperty("gavel.faults.only", ""));
        Instant began = Instant.now();
        try (Stack stack = Stack.startWithDemo("-faults", Map.of("GAVEL_ACCEPTORS", "1"))) {
            // given
            Api api = new Api(stack.port());
            List<String> items = List.of("fault-a", "fault-b", "fault-c");
            for (String item : items) {
                created(api.send("POST", "/items", ADMIN, "{\"id\": \"" + item + "\", \"title\": \"Fault suite " + item + "\"}"));
            }
            created(api.send("POST", "/share-classes", ADMIN,
                    "{\"code\": \"" + SHARE_CLASS + "\", \"name\": \"Fault suite stock\", \"authorized\": 1000000000}"));
            Map<String, String> closing = closingItems(api);
            String john = token(api, "john:12345");
            String otto = token(api, "otto:54321");
            String admin = token(api, ADMIN);
            FaultTimeline timeline = new FaultTimeline();
            FaultInjector injector = new FaultInjector(stack, timeline);
            AtomicBoolean running = new AtomicBoolean(true);
            ExecutorService pool = Executors.newFixedThreadPool(clients);
            List<Future<FaultLoadClient.Result>> results = new ArrayList<>();
            Map<String, String> catalogue = new LinkedHashMap<>();

            // when
            Instant loadStart = Instant.now();
            try {
                for (int i = 0; i < clients; i++) {
                    results.add(pool.submit(new FaultLoadClient(i + 1, stack.port(), items, SHARE_CLASS,
                            i % 2 == 0 ? "john" : "otto", "Bearer " + (i % 2 == 0 ? john : otto), "Bearer " + admin,
                            (int) (seconds * 30 + 1000), running::get)));
                }
                Thread.sleep(WARM_UP.toMillis());
                Instant loadEnd = loadStart.plusSeconds(seconds);
                for (int n = 0; n < cycle.size() || Instant.now().isBefore(loadEnd); n++) {
                    String fault = cycle.get(n % cycle.size());
                    if (fault.startsWith("kill ")) {
                        catalogue.put(itemJustBefore(api, n), fault);
                    }
                    injector.inject(fault);
                    Thread.sleep(BETWEEN_FAULTS.toMillis());
                }
            } finally {
                running.set(false);
                pool.shutdown();
            }
            Duration load = Duration.between(loadStart, Instant.now());
            List<WriteRecord> writes = new ArrayList<>();
            List<FaultLoadClient.Finding> protocol = new ArrayList<>();
            for (Future<FaultLoadClient.Result> result : results) {
                FaultLoadClient.Result done = drained(result);
                writes.addAll(done.writes());
                protocol.addAll(done.protocolFindings());
            }
            // Whatever the last fault left behind, the stack is whole before it is judged.
            stack.gavel("up", 240);
            List<String> violations = new ArrayList<>(new FaultChecker(stack.port(), timeline)
                    .check(items, SHARE_CLASS, writes, catalogue, closing));
            protocol.forEach(finding -> violations.add("answer the contract forbids, at " + finding.at() + ": " + finding.text()
                    + "; " + timeline.around(finding.at(), finding.at())));

            // then
            String report = report(writes, timeline, violations, load, Duration.between(began, Instant.now()));
            Files.createDirectories(REPORT.getParent());
            Files.writeString(REPORT, report, StandardCharsets.UTF_8);
            LOG.log(System.Logger.Level.INFO, report);
            long unknown = writes.stream().filter(w -> w.outcome() == WriteRecord.Outcome.UNKNOWN).count();
            assertTrue(violations.isEmpty(), () -> report + stack.logs());
            assertTrue(unknown <= Math.max(5, writes.size() / 50), () -> "too many writes of unknown outcome:\n" + report);
            assertTrue(timeline.all().size() >= cycle.size(), report);
            for (WriteRecord.Kind kind : WriteRecord.Kind.values()) {
                assertTrue(writes.stream().anyMatch(w -> w.kind() == kind && w.outcome() == WriteRecord.Outcome.OK),
                        () -> "no " + kind + " was acknowledged:\n" + report);
            }
        }
    }

    private static String report(List<WriteRecord> writes, FaultTimeline timeline, List<String> violations,
                                 Duration load, Duration total) {
        StringBuilder text = new StringBuilder("Fault suite: ").append(writes.size()).append(" writes in ")
                .append(load.toSeconds()).append(" s of load, ").append(total.toSeconds()).append(" s in all\n");
        for (WriteRecord.Kind kind : WriteRecord.Kind.values()) {
            Map<WriteRecord.Outcome, Long> counts = new EnumMap<>(WriteRecord.Outcome.class);
            for (WriteRecord.Outcome outcome : WriteRecord.Outcome.values()) {
                counts.put(outcome, writes.stream().filter(w -> w.kind() == kind && w.outcome() == outcome).count());
            }
            long retried = writes.stream().filter(w -> w.kind() == kind && w.answers().contains(",")).count();
            text.append(String.format("  %-12s ok %5d  failed %4d  unknown %4d  (retried %d)%n", kind.name().toLowerCase(),
                    counts.get(WriteRecord.Outcome.OK), counts.get(WriteRecord.Outcome.FAILED),
                    counts.get(WriteRecord.Outcome.UNKNOWN), retried));
        }
        text.append("Unknown margin: ").append(writes.stream().filter(w -> w.outcome() == WriteRecord.Outcome.UNKNOWN).count())
                .append(" writes of unknown outcome\n");
        writes.stream().filter(w -> w.outcome() != WriteRecord.Outcome.OK)
                .forEach(w -> text.append("  not ok: ").append(w.describe()).append('\n'));
        List<WriteRecord> retried = writes.stream().filter(w -> w.outcome() == WriteRecord.Outcome.OK && w.answers().contains(","))
                .toList();
        retried.stream().limit(REPORTED_RETRIES)
                .forEach(w -> text.append("  retried: ").append(w.key()).append(' ').append(w.kind()).append(" [")
                        .append(w.answers()).append("]\n"));
        if (retried.size() > REPORTED_RETRIES) {
            text.append("  (and ").append(retried.size() - REPORTED_RETRIES).append(" more retried writes)\n");
        }
        List<FaultTimeline.Fault> faults = timeline.all();
        text.append("Faults injected: ").append(faults.size()).append('\n');
        faults.forEach(fault -> text.append("  ").append(fault).append('\n'));
        text.append("Violations: ").append(violations.size()).append('\n');
        violations.forEach(violation -> text.append("  - ").append(violation).append('\n'));
        return text.toString();
    }

    /** Every fault of {@link FaultInjector#CYCLE}, or only those named (comma-separated), to chase one fix. */
    private static List<String> cycle(String only) {
        if (only.isBlank()) {
            return FaultInjector.CYCLE;
        }
        List<String> chosen = List.of(only.trim().split("\\s*,\\s*"));
        assertTrue(FaultInjector.CYCLE.containsAll(chosen), () -> "gavel.faults.only names faults of " + FaultInjector.CYCLE);
        return chosen;
    }

    private static FaultLoadClient.Result drained(Future<FaultLoadClient.Result> result)
            throws InterruptedException, ExecutionException {
        try {
            return result.get(CLIENT_DRAIN.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            result.cancel(true);
            throw new AssertionError("a load client did not finish within " + CLIENT_DRAIN + " of the load's end", e);
        }
    }

    /**
     * An item created (201) just before a kill: a catalogue write must be durable before its 2xx, so it must
     * outlive the kill that follows within milliseconds.
     */
    private static String itemJustBefore(Api api, int n) {
        String id = "fault-durable-" + n;
        created(api.send("POST", "/items", ADMIN, "{\"id\": \"" + id + "\", \"title\": \"Created just before a kill\"}"));
        return id;
    }

    /**
     * Items that close while the faults run, each with one bid of john's: whichever process is down when its
     * time comes, each must get exactly one item_closed event, won by john. Answers item → expected winner.
     */
    private static Map<String, String> closingItems(Api api) {
        Map<String, String> closing = new LinkedHashMap<>();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        for (int i = 0; i < CLOSE_AFTER_SECONDS.size(); i++) {
            String id = "fault-closing-" + (i + 1);
            created(api.send("POST", "/items", ADMIN, "{\"id\": \"" + id + "\", \"title\": \"Closes during the faults\", "
                    + "\"closes_at\": \"" + now.plusSeconds(CLOSE_AFTER_SECONDS.get(i)) + "\"}"));
            created(api.send("PUT", "/items/" + id + "/bids", "john:12345", "{\"amount\": 5}"));
            closing.put(id, "john");
        }
        return closing;
    }

    private static String token(Api api, String credentials) {
        Api.Reply reply = api.send("POST", "/auth/tokens", credentials, null);
        created(reply);
        return reply.json().get("token").asText();
    }

    private static void created(Api.Reply reply) {
        assertEquals(201, reply.status(), reply::toString);
    }

}
