package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Judges a fault load once it has stopped: the stack is made whole ({@code bin/gavel up}), {@link FaultChecker}
 * reads it back, and the answers the contract forbids count as violations. The summary goes to the test output
 * and to a report file; the test fails on any violation, on too many writes of unknown outcome, or when some kind
 * of write was never acknowledged.
 */
final class FaultVerdict {

    private static final int REPORTED_RETRIES = 40;
    private static final System.Logger LOG = System.getLogger(FaultVerdict.class.getName());

    private FaultVerdict() {
    }

    /**
     * @param catalogue items created (201) just before a kill, each with the fault that followed it
     * @param closing   items that closed while the faults ran, each with its expected winner
     * @return the report, once every check passed
     */
    static String judge(Stack stack, String title, FaultTimeline timeline, FaultLoad.Outcome outcome, List<String> items,
                        String shareClass, Map<String, String> catalogue, Map<String, String> closing, Path report,
                        Instant began) throws InterruptedException {
        List<WriteRecord> writes = outcome.writes();
        // Whatever the last fault left behind, the stack is whole before it is judged.
        stack.gavel("up", 240);
        List<String> violations = new ArrayList<>(new FaultChecker(stack.port(), timeline)
                .check(items, shareClass, writes, catalogue, closing));
        outcome.protocol().forEach(finding -> violations.add("answer the contract forbids, at " + finding.at() + ": "
                + finding.text() + "; " + timeline.around(finding.at(), finding.at())));
        String text = report(title, writes, timeline, violations, outcome.load(), Duration.between(began, Instant.now()));
        try {
            Files.createDirectories(report.toAbsolutePath().getParent());
            Files.writeString(report, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.log(System.Logger.Level.INFO, text);
        long unknown = writes.stream().filter(w -> w.outcome() == WriteRecord.Outcome.UNKNOWN).count();
        assertTrue(violations.isEmpty(), () -> text + stack.logs());
        assertTrue(unknown <= Math.max(5, writes.size() / 50), () -> "too many writes of unknown outcome:\n" + text);
        for (WriteRecord.Kind kind : WriteRecord.Kind.values()) {
            assertTrue(writes.stream().anyMatch(w -> w.kind() == kind && w.outcome() == WriteRecord.Outcome.OK),
                    () -> "no " + kind + " was acknowledged:\n" + text);
        }
        return text;
    }

    private static String report(String title, List<WriteRecord> writes, FaultTimeline timeline, List<String> violations,
                                 Duration load, Duration total) {
        StringBuilder text = new StringBuilder(title).append(": ").append(writes.size()).append(" writes in ")
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
}
