package dev.gavel.bench.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProbeLedgerTest {

    private final Delays delays = new Delays();
    private final ProbeLedger ledger = new ProbeLedger(delays);

    @Test
    void delayIsArrivalMinusThe201() {
        ledger.accepted("a", 7, 1_000_000, 5_000_000);
        ledger.arrived(0, "a", 7, 8_000_000);
        ledger.arrived(1, "a", 7, 25_000_000);
        assertEquals(2, delays.count());
        assertEquals(3000, delays.percentileMicros(50), 3);
        assertEquals(20_000, delays.maxMicros(), 20);
    }

    @Test
    void splitSeparatesTheAnswerTheFirstArrivalAndTheSpread() {
        // Probe 1: answered in 4 ms, first at a subscriber 1 ms before its 201, last 9 ms after the first.
        ledger.arrived(0, "a", 1, 4_000_000);
        ledger.accepted("a", 1, 1_000_000, 5_000_000);
        ledger.arrived(1, "a", 1, 13_000_000);
        // Probe 2: answered in 2 ms, first 6 ms after its 201, alone (no spread).
        ledger.accepted("a", 2, 20_000_000, 22_000_000);
        ledger.arrived(0, "a", 2, 28_000_000);
        // Probe 3: answered, arrived nowhere: not in the split.
        ledger.accepted("a", 3, 30_000_000, 31_000_000);
        ProbeLedger.Split split = ledger.split();
        assertEquals(2, split.probes());
        assertEquals(2_000, split.answerP50Us());
        assertEquals(4_000, split.answerP99Us());
        assertEquals(-1_000, split.firstP50Us());
        assertEquals(6_000, split.firstP99Us());
        assertEquals(0, split.spreadP50Us());
        assertEquals(9_000, split.spreadP99Us());
    }

    @Test
    void percentileIsTheNearestRank() {
        long[] values = new long[100];
        for (int i = 0; i < 100; i++) {
            values[i] = 100 - i;
        }
        assertEquals(50, ProbeLedger.percentile(values, 50));
        assertEquals(99, ProbeLedger.percentile(values, 99));
        assertEquals(0, ProbeLedger.percentile(new long[0], 99));
    }

    @Test
    void arrivalBeforeThe201WaitsForItAndCountsAsNoDelay() {
        ledger.arrived(0, "a", 7, 4_000_000);
        assertEquals(0, delays.count());
        assertEquals(1, ledger.unmatched());
        ledger.accepted("a", 7, 1_000_000, 5_000_000);
        assertEquals(1, delays.count());
        assertEquals(0, delays.maxMicros());
        assertEquals(1, ledger.arrivedBefore201());
        assertEquals(0, ledger.unmatched());
    }

    @Test
    void sameSeqOnAnotherItemIsAnotherProbe() {
        ledger.accepted("a", 1, 0, 1_000_000);
        ledger.arrived(0, "b", 1, 2_000_000);
        assertEquals(0, delays.count());
        assertEquals(1, ledger.unmatched());
    }

    @Test
    void aSecondArrivalAtOneSubscriberIsADuplicateNotADelay() {
        ledger.accepted("a", 1, 0, 1_000_000);
        ledger.arrived(3, "a", 1, 2_000_000);
        ledger.arrived(3, "a", 1, 3_000_000);
        assertEquals(1, delays.count());
        assertEquals(1, ledger.duplicates());
    }

    @Test
    void arrivalsAfterTheWindowAreOnlyCountedAndLeaveTheProbeMissing() {
        ledger.accepted("a", 1, 100, 200);
        ledger.close();
        ledger.arrived(0, "a", 1, 5_000_000_000L);
        assertEquals(0, delays.count());
        assertEquals(1, ledger.late());
        assertEquals(new ProbeLedger.Coverage(1, 1), ledger.coverage(Map.of("a", List.of(new ProbeLedger.OpenSubscriber(0, 50)))));
    }

    @Test
    void missingCountsOnlySubscribersOpenBeforeTheProbeWasSent() {
        ledger.accepted("a", 1, 100, 200);
        ledger.accepted("a", 2, 300, 400);
        ledger.accepted("b", 1, 100, 200);
        ledger.arrived(0, "a", 1, 250);
        ledger.arrived(1, "a", 1, 250);
        ledger.arrived(1, "a", 2, 450);
        Map<String, List<ProbeLedger.OpenSubscriber>> open = Map.of(
                "a", List.of(new ProbeLedger.OpenSubscriber(0, 50), new ProbeLedger.OpenSubscriber(1, 50),
                        new ProbeLedger.OpenSubscriber(2, 200)),
                "b", List.of(new ProbeLedger.OpenSubscriber(3, 50)));
        // a/1: subscribers 0 and 1 expected, both got it; a/2: 0, 1 and 2 expected, only 1 got it; b/1: 3 expected, missed.
        assertEquals(new ProbeLedger.Coverage(6, 3), ledger.coverage(open));
    }

    @Test
    void warmUpProbesCountForNothingWhenEverTheirArrivalsOr201sCome() {
        ledger.warmingUp();
        ledger.accepted("a", 1, 100, 200);
        ledger.arrived(0, "a", 1, 300);
        ledger.arrived(0, "a", 2, 450);
        ledger.arrived(0, "a", 3, 460);
        // The switch: warm-up probe a/2 is still in flight, a/3's 201 never comes.
        ledger.measureFrom(500);
        ledger.accepted("a", 2, 400, 600);
        ledger.arrived(1, "a", 1, 700);
        ledger.arrived(0, "a", 1, 710);
        ledger.accepted("a", 4, 800, 900);
        ledger.arrived(0, "a", 4, 3_900);
        assertEquals(1, delays.count());
        assertEquals(3, delays.maxMicros());
        assertEquals(0, ledger.unmatched());
        assertEquals(0, ledger.duplicates());
        assertEquals(5, ledger.warmupArrivals());
        // Only a/4 is expected: subscriber 1, open all along, missed it.
        assertEquals(new ProbeLedger.Coverage(2, 1), ledger.coverage(Map.of("a", List.of(new ProbeLedger.OpenSubscriber(0, 50),
                new ProbeLedger.OpenSubscriber(1, 50)))));
    }
}
