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
