package dev.gavel.bench.live;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The probe bids and their arrivals. A probe is known by (item, seq from its 201 body); each
 * subscriber's arrival of that bid event gives one delay, arrival - the 201's arrival at the tool,
 * both from this JVM's monotonic clock. The event can reach a subscriber before the 201 reaches the
 * prober (the server publishes and answers at about the same moment): such an arrival waits here
 * until the 201 comes, then counts with a delay of 0 ({@link #arrivedBefore201}). Every method holds
 * the ledger's lock: probes are few (tens a second), and only their events come here.
 *
 * <p>A run may warm up first ({@link #warmingUp}, then {@link #measureFrom}): a probe sent before the
 * measured window is a warm-up probe whatever moment its 201 comes, and none of its arrivals is a delay,
 * a duplicate, a miss or unmatched; they are only counted ({@link #warmupArrivals}).
 */
final class ProbeLedger {

    /** One probe bid: when it was sent and answered, and which subscribers have received it. */
    private static final class Probe {
        final long sentNanos;
        final long acceptedNanos;
        final BitSet receivedBy = new BitSet();
        long firstNanos = Long.MAX_VALUE;
        long lastNanos = Long.MIN_VALUE;

        Probe(long sentNanos, long acceptedNanos) {
            this.sentNanos = sentNanos;
            this.acceptedNanos = acceptedNanos;
        }
    }

    private record Key(String item, long seq) {
    }

    private record Arrival(int subscriber, long nanos) {
    }

    private final Map<Key, Probe> probes = new HashMap<>();
    private final Map<Key, List<Arrival>> early = new HashMap<>();
    private final Set<Key> warmup = new HashSet<>();
    private final Delays delays;
    /** Probes sent before this nanoTime are warm-up probes; by default every probe is measured. */
    private long measuredFrom = Long.MIN_VALUE;
    private long warmupArrivals;
    private long duplicates;
    private long arrivedBefore201;
    private long late;
    private boolean closed;

    ProbeLedger(Delays delays) {
        this.delays = delays;
    }

    /** A probe's 201 came: {@code seq} from its body, sent and answered at these nanoTimes. */
    synchronized void accepted(String item, long seq, long sentNanos, long acceptedNanos) {
        Key key = new Key(item, seq);
        if (sentNanos < measuredFrom) {
            warmup.add(key);
            List<Arrival> waiting = early.remove(key);
            warmupArrivals += waiting == null ? 0 : waiting.size();
            return;
        }
        Probe probe = new Probe(sentNanos, acceptedNanos);
        probes.put(key, probe);
        List<Arrival> waiting = early.remove(key);
        if (waiting != null) {
            waiting.forEach(a -> deliver(probe, a.subscriber(), a.nanos()));
        }
    }

    /** Subscriber {@code subscriber} (on {@code item}) received the probe user's bid {@code seq} at {@code nanos}. */
    synchronized void arrived(int subscriber, String item, long seq, long nanos) {
        Key key = new Key(item, seq);
        if (warmup.contains(key)) {
            warmupArrivals++;
            return;
        }
        if (closed) {
            late++;
            return;
        }
        Probe probe = probes.get(key);
        if (probe == null) {
            early.computeIfAbsent(key, k -> new ArrayList<>()).add(new Arrival(subscriber, nanos));
        } else {
            deliver(probe, subscriber, nanos);
        }
    }

    private void deliver(Probe probe, int subscriber, long nanos) {
        if (probe.receivedBy.get(subscriber)) {
            duplicates++;
            return;
        }
        probe.receivedBy.set(subscriber);
        probe.firstNanos = Math.min(probe.firstNanos, nanos);
        probe.lastNanos = Math.max(probe.lastNanos, nanos);
        long delay = nanos - probe.acceptedNanos;
        if (delay < 0) {
            arrivedBefore201++;
        }
        delays.recordMicros(delay / 1000);
    }

    /** The warm-up starts: every probe sent from here until {@link #measureFrom} is a warm-up probe. */
    synchronized void warmingUp() {
        measuredFrom = Long.MAX_VALUE;
    }

    /**
     * The measured window starts at {@code nanos}: probes sent before it stay warm-up probes, those sent from
     * it on are measured. Arrivals still waiting for a 201 can only be of warm-up probes (no measured one has
     * been sent yet), including one whose answer never comes: they are dropped as warm-up arrivals, so none
     * of them can show as unmatched.
     */
    synchronized void measureFrom(long nanos) {
        measuredFrom = nanos;
        warmupArrivals += early.values().stream().mapToLong(List::size).sum();
        early.clear();
    }

    /** Arrivals of warm-up probes, counted and nothing else. */
    synchronized long warmupArrivals() {
        return warmupArrivals;
    }

    /**
     * The end of the measured window: later arrivals are only counted ({@link #late}), so the delays,
     * the coverage and the missing deliveries are all taken from the same, final state. A delivery
     * that comes after the window counts as missing.
     */
    synchronized void close() {
        closed = true;
    }

    /** Probe arrivals after {@link #close}. */
    synchronized long late() {
        return late;
    }

    synchronized int probes() {
        return probes.size();
    }

    /** The same probe received twice by one subscriber: never allowed by the contract. */
    synchronized long duplicates() {
        return duplicates;
    }

    synchronized long arrivedBefore201() {
        return arrivedBefore201;
    }

    /** Arrivals of the probe user's bids that no 201 ever matched (a probe whose answer never came, or a stray bid of that user). */
    synchronized long unmatched() {
        return early.values().stream().mapToLong(List::size).sum();
    }

    /**
     * Where a delay comes from, per measured probe that arrived anywhere, in microseconds, each at the 50th and
     * 99th percentile over the probes: its answer (sent to 201), its first arrival at any subscriber after the
     * 201 (negative when it came first), and its spread (first arrival to last). A long first arrival points
     * before the fan-out (reading the streams); a long spread points at the fan-out itself.
     */
    record Split(int probes, long answerP50Us, long answerP99Us, long firstP50Us, long firstP99Us, long spreadP50Us,
                 long spreadP99Us) {
    }

    synchronized Split split() {
        List<Probe> arrived = probes.values().stream().filter(p -> p.lastNanos != Long.MIN_VALUE).toList();
        long[] answer = new long[arrived.size()];
        long[] first = new long[arrived.size()];
        long[] spread = new long[arrived.size()];
        for (int i = 0; i < arrived.size(); i++) {
            Probe p = arrived.get(i);
            answer[i] = (p.acceptedNanos - p.sentNanos) / 1000;
            first[i] = (p.firstNanos - p.acceptedNanos) / 1000;
            spread[i] = (p.lastNanos - p.firstNanos) / 1000;
        }
        return new Split(arrived.size(), percentile(answer, 50), percentile(answer, 99), percentile(first, 50),
                percentile(first, 99), percentile(spread, 50), percentile(spread, 99));
    }

    /** The nearest-rank percentile of {@code values} (sorted here); 0 when empty. */
    static long percentile(long[] values, double percentile) {
        if (values.length == 0) {
            return 0;
        }
        Arrays.sort(values);
        int rank = (int) Math.ceil(percentile / 100 * values.length);
        return values[Math.max(0, rank - 1)];
    }

    /** What each probe should have reached and what it did not. */
    record Coverage(long expected, long missing) {
    }

    /**
     * Deliveries expected and missing: every probe should reach every subscriber of its item that had
     * its stream open before the probe was sent and still had it at the end ({@code open}: item →
     * those subscribers' ids and the nanoTime each one's stream opened at).
     */
    synchronized Coverage coverage(Map<String, List<OpenSubscriber>> open) {
        long expected = 0;
        long missing = 0;
        for (Map.Entry<Key, Probe> entry : probes.entrySet()) {
            for (OpenSubscriber s : open.getOrDefault(entry.getKey().item(), List.of())) {
                if (s.openedNanos() < entry.getValue().sentNanos) {
                    expected++;
                    if (!entry.getValue().receivedBy.get(s.id())) {
                        missing++;
                    }
                }
            }
        }
        return new Coverage(expected, missing);
    }

    /** A subscriber whose stream was open until the end. */
    record OpenSubscriber(int id, long openedNanos) {
    }
}
