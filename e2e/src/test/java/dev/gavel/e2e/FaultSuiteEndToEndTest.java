package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            FaultLoad.createItems(api, items, "Fault suite");
            Map<String, String> closing = closingItems(api);
            FaultTimeline timeline = new FaultTimeline();
            FaultInjector injector = new FaultInjector(stack, timeline);
            Map<String, String> catalogue = new LinkedHashMap<>();
            FaultLoad.Outcome outcome;

            // when
            try (FaultLoad load = FaultLoad.start(api, stack.port(), items, SHARE_CLASS, clients, (int) (seconds * 30 + 1000))) {
                Instant loadStart = Instant.now();
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
                outcome = load.stop();
            }

            // then
            String report = FaultVerdict.judge(stack, "Fault suite", timeline, outcome, items, SHARE_CLASS, catalogue, closing,
                    REPORT, began);
            assertTrue(timeline.all().size() >= cycle.size(), report);
        }
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

    private static void created(Api.Reply reply) {
        assertEquals(201, reply.status(), reply::toString);
    }

}
