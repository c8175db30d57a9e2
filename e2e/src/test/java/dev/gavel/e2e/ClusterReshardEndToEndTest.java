package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.contract.Partitioner;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Resharding under load: on the cluster stack it shares with {@link ClusterFailoverEndToEndTest}
 * ({@link SharedClusterStack}: 3 primaries with a replica each, writes answered once a replica has them), the fault
 * suite's load ({@link FaultLoad}: bids, impressions, certificate grants, retried with their Idempotency-Key)
 * writes to items and a share class whose partitions sit in the lowest slots of one primary, while
 * {@code redis-cli --cluster reshard} moves those slots (whole partitions, every key of each) to another primary
 * and then back. Afterwards {@link FaultChecker} must find every acknowledged write exactly once, {@code seq} and
 * certificate numbers without a gap, and the archive holding each once; and no client may have seen anything but
 * its 2xx, since the acceptor follows the moving slots ({@code ASK}, {@code MOVED}, {@code TRYAGAIN}) itself.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
@ExtendWith(SharedClusterStack.class)
class ClusterReshardEndToEndTest {

    /** Surefire runs in the module's directory: e2e/target/cluster-reshard-report.txt. */
    private static final Path REPORT = Path.of("target/cluster-reshard-report.txt");
    /**
     * A reshard of N slots from a primary moves its N lowest: slots 0..1023 of the primary serving slot 0, which
     * hold 2 of the 32 partitions (their slots are multiples of 512), partitions 0 and 16.
     */
    private static final int MOVED_SLOTS = 1024;
    private static final int CLIENTS = 4;
    private static final int MAX_WRITES_EACH = 2000;
    private static final Duration WARM_UP = Duration.ofSeconds(3);
    private static final Duration BETWEEN_MOVES = Duration.ofSeconds(3);
    private static final Duration SETTLE = Duration.ofSeconds(30);

    private static Stack stack;

    @BeforeAll
    static void shareTheClusterStack(Stack shared) {
        stack = shared;
    }

    @Test
    void shouldKeepEveryAcknowledgedWriteExactlyOnceWhilePartitionsMoveToAnotherPrimaryAndBack() throws Exception {
        Instant began = Instant.now();
        // given: the load's items and share class all in partitions of the slots that move
        ClusterNodes cluster = ClusterNodes.of(stack);
        ClusterNodes.Node source = cluster.ownerOf(0);
        ClusterNodes.Node target = cluster.primaries().stream().filter(node -> !node.equals(source)).findFirst()
                .orElseThrow();
        assertTrue(source.serves(MOVED_SLOTS - 1), () -> source + " does not serve slots 0.." + (MOVED_SLOTS - 1));
        List<Integer> moving = IntStream.range(0, ClusterNodes.PARTITIONS).map(Partitioner::slotOf)
                .filter(slot -> slot < MOVED_SLOTS).sorted().boxed().toList();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int slot = moving.get(i % moving.size());
            items.add(ClusterNodes.ids("reshard-" + i, 1, s -> s == slot).get(0));
        }
        int classSlot = moving.get(1 % moving.size());
        String shareClass = ClusterNodes.ids("RSH", 1, s -> s == classSlot).get(0);
        Set<Integer> slots = new TreeSet<>();
        items.forEach(item -> slots.add(ClusterNodes.slotOf(item)));
        slots.add(ClusterNodes.slotOf(shareClass));
        assertTrue(slots.size() >= 2, () -> "the load writes to one partition only: " + slots);
        Api api = new Api(stack.port());
        FaultLoad.createItems(api, items, "Resharding");
        FaultTimeline timeline = new FaultTimeline();
        FaultLoad.Outcome outcome;

        // when: the partitions move to another primary while the load runs, and back
        try (FaultLoad load = FaultLoad.start(api, stack.port(), items, shareClass, CLIENTS, MAX_WRITES_EACH)) {
            Thread.sleep(WARM_UP.toMillis());
            for (int slot : slots) {
                assertNotEquals("0\n", ClusterNodes.cli(source.port(), "CLUSTER", "COUNTKEYSINSLOT", Integer.toString(slot)),
                        () -> "the load wrote nothing to slot " + slot + " of " + source + " yet");
            }
            move(stack, timeline, source, target, slots);
            Thread.sleep(BETWEEN_MOVES.toMillis());
            move(stack, timeline, target, source, slots);
            Thread.sleep(BETWEEN_MOVES.toMillis());
            outcome = load.stop();
        }

        // then
        String report = FaultVerdict.judge(stack, "Resharding under load", timeline, outcome, items, shareClass, Map.of(),
                Map.of(), REPORT, began);
        // and the acceptor followed every ASK, MOVED and TRYAGAIN itself: no client saw anything but its 2xx
        List<String> refused = outcome.writes().stream().filter(w -> !w.answers().matches("2\\d\\d"))
                .map(WriteRecord::describe).toList();
        assertEquals(List.of(), refused, () -> "writes not answered 2xx at once while partitions moved:\n" + report);
        for (FaultTimeline.Fault move : timeline.all()) {
            for (WriteRecord.Kind kind : WriteRecord.Kind.values()) {
                assertTrue(outcome.writes().stream().anyMatch(w -> w.kind() == kind && w.outcome() == WriteRecord.Outcome.OK
                                && w.end().isAfter(move.start()) && w.start().isBefore(move.recovered())),
                        () -> "no " + kind + " was acknowledged while " + move + ":\n" + report);
            }
        }
    }

    /**
     * {@code redis-cli --cluster reshard} of {@link #MOVED_SLOTS} slots from one primary to another, once every node
     * agrees on the slots; returns once every node says {@code to} serves the load's slots.
     */
    private static void move(Stack stack, FaultTimeline timeline, ClusterNodes.Node from, ClusterNodes.Node to,
                             Set<Integer> slots) throws InterruptedException {
        ClusterNodes.await(stack, nodes -> ClusterNodes.agreed(from), SETTLE, "every node agreeing on the slots");
        Instant start = Instant.now();
        String output;
        try {
            output = ClusterNodes.clusterCommand("--cluster", "reshard", from.address(), "--cluster-from", from.id(),
                    "--cluster-to", to.id(), "--cluster-slots", Integer.toString(MOVED_SLOTS), "--cluster-yes");
        } finally {
            timeline.add(new FaultTimeline.Fault("reshard of " + MOVED_SLOTS + " slots (partitions at " + slots + ") "
                    + from.name() + " -> " + to.name(), start, Instant.now()));
        }
        ClusterNodes.await(stack, nodes -> slots.stream().allMatch(slot -> nodes.ownerOf(slot).id().equals(to.id())), SETTLE,
                "slots " + slots + " served by " + to + " after: " + output);
    }
}
