package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failover without loss: on the cluster stack it shares with {@link ClusterReshardEndToEndTest}
 * ({@link SharedClusterStack}: 3 primaries with a replica each, and the acceptor answering a write only once a
 * replica has it, {@code GAVEL_REDIS_WAIT_REPLICAS=1}), the fault suite's
 * load ({@link FaultLoad}) writes to items and a share class on one primary while that primary is killed with
 * SIGKILL, its replica promoted (cluster-node-timeout 5 s), and the old primary started again by {@code bin/gavel
 * up} as the new one's replica; then a manual {@code CLUSTER FAILOVER}, sent to it, hands the partitions back.
 * Afterwards {@link FaultChecker} must find every acknowledged write exactly once, {@code seq} and certificate
 * numbers without a gap. Writes answered 503 or 504 meanwhile are retried with their key, as in the fault suite.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(SharedClusterStack.class)
class ClusterFailoverEndToEndTest {

    /** Surefire runs in the module's directory: e2e/target/cluster-failover-report.txt. */
    private static final Path REPORT = Path.of("target/cluster-failover-report.txt");
    private static final int CLIENTS = 4;
    private static final int MAX_WRITES_EACH = 2000;
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration BETWEEN_FAULTS = Duration.ofSeconds(3);
    /** cluster-node-timeout (5 s in bin/gavel) and the election after it, on a loaded machine. */
    private static final Duration PROMOTION = Duration.ofSeconds(30);
    private static final Pattern WAIT_CALLS = Pattern.compile("cmdstat_wait:calls=(\\d+)");

    private static Stack stack;

    @BeforeAll
    static void shareTheClusterStack(Stack shared) {
        stack = shared;
    }

    @Test
    void shouldKeepEveryAcknowledgedWriteWhenAPrimaryIsKilledAndWhenItsReplicaTakesOverByHand() throws Exception {
        Instant began = Instant.now();
        // given: the load's items and share class all in partitions of one primary
        ClusterNodes cluster = ClusterNodes.of(stack);
        ClusterNodes.Node victim = cluster.ownerOf(0);
        ClusterNodes.Node replica = cluster.replicaOf(victim);
        List<String> items = ClusterNodes.ids("failover", 3, victim::serves);
        String shareClass = ClusterNodes.ids("FOV", 1, victim::serves).get(0);
        Set<Integer> slots = new TreeSet<>();
        items.forEach(item -> slots.add(ClusterNodes.slotOf(item)));
        slots.add(ClusterNodes.slotOf(shareClass));
        Api api = new Api(stack.port());
        FaultLoad.createItems(api, items, "Failover");
        FaultTimeline timeline = new FaultTimeline();
        FaultInjector injector = new FaultInjector(stack, timeline);
        FaultLoad.Outcome outcome;

        try (FaultLoad load = FaultLoad.start(api, stack.port(), items, shareClass, CLIENTS, MAX_WRITES_EACH)) {
            Thread.sleep(WARM_UP.toMillis());

            // when: the primary dies; once its replica serves the partitions, up starts it again as a replica
            injector.kill(victim.name(), () -> ClusterNodes.await(stack, nodes -> servesAll(nodes, replica, slots),
                    PROMOTION, replica + " promoted in place of the killed " + victim));
            ClusterNodes.await(stack, nodes -> replicates(nodes, victim, replica), PROMOTION,
                    victim + " back as a replica of " + replica + ", in sync");
            Thread.sleep(BETWEEN_FAULTS.toMillis());

            // and: a manual failover, sent to that replica, hands the partitions back under load
            Instant start = Instant.now();
            try {
                assertEquals("OK\n", ClusterNodes.cli(victim.port(), "CLUSTER", "FAILOVER"));
                ClusterNodes.await(stack, nodes -> servesAll(nodes, victim, slots) && replicates(nodes, replica, victim),
                        PROMOTION, victim + " taking over from " + replica + " by CLUSTER FAILOVER");
            } finally {
                timeline.add(new FaultTimeline.Fault("CLUSTER FAILOVER sent to " + victim.name() + " (replica of "
                        + replica.name() + ")", start, Instant.now()));
            }
            Thread.sleep(BETWEEN_FAULTS.toMillis());
            outcome = load.stop();
        }

        // then
        String report = FaultVerdict.judge(stack, "Failover without loss", timeline, outcome, items, shareClass, Map.of(),
                Map.of(), REPORT, began);
        for (FaultTimeline.Fault fault : timeline.all()) {
            for (WriteRecord.Kind kind : WriteRecord.Kind.values()) {
                assertTrue(outcome.writes().stream().anyMatch(w -> w.kind() == kind && w.outcome() == WriteRecord.Outcome.OK
                                && w.start().isAfter(fault.recovered())),
                        () -> "no " + kind + " sent after " + fault + " was acknowledged:\n" + report);
            }
        }
        // and every write was answered after a WAIT: the primary now serving them counted its WAITs
        Matcher waits = WAIT_CALLS.matcher(ClusterNodes.cli(victim.port(), "INFO", "commandstats"));
        assertTrue(waits.find() && Long.parseLong(waits.group(1)) > 0, () -> "the acceptor sent no WAIT to " + victim);
    }

    private static boolean servesAll(ClusterNodes nodes, ClusterNodes.Node primary, Set<Integer> slots) {
        return nodes.named(primary.name()).primary()
                && slots.stream().allMatch(slot -> nodes.ownerOf(slot).name().equals(primary.name()));
    }

    /** {@code replica} replicates {@code primary} and its replication link is up (it has caught up once). */
    private static boolean replicates(ClusterNodes nodes, ClusterNodes.Node replica, ClusterNodes.Node primary) {
        ClusterNodes.Node now = nodes.named(replica.name());
        if (now.primary() || !primary.id().equals(now.primaryId())) {
            return false;
        }
        try {
            return ClusterNodes.cli(replica.port(), "INFO", "replication").contains("master_link_status:up");
        } catch (AssertionError unreachable) {
            return false;
        }
    }
}
