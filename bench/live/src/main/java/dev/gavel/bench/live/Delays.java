package dev.gavel.bench.live;

import org.HdrHistogram.Histogram;

/**
 * The delays from probe bids' 201s to their arrival at subscribers, in microseconds, in an
 * HdrHistogram (three significant digits, up to an hour). Recorded from every event loop, so each
 * call holds the histogram's lock; a probe arrives at most a few ten thousand times a second.
 */
final class Delays {

    private static final long HIGHEST_US = 3_600_000_000L;

    /** The figures at one moment, all from the same state of the histogram. */
    record Snapshot(long count, long p50Us, long p90Us, long p99Us, long p999Us, long maxUs) {
    }

    private final Histogram histogram = new Histogram(HIGHEST_US, 3);

    synchronized void recordMicros(long micros) {
        histogram.recordValue(Math.min(Math.max(0, micros), HIGHEST_US));
    }

    synchronized Snapshot snapshot() {
        return new Snapshot(count(), percentileMicros(50), percentileMicros(90), percentileMicros(99), percentileMicros(99.9), maxMicros());
    }

    synchronized long count() {
        return histogram.getTotalCount();
    }

    /** The delay at this percentile (0..100), in microseconds; 0 when nothing was recorded. */
    synchronized long percentileMicros(double percentile) {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getValueAtPercentile(percentile);
    }

    synchronized long maxMicros() {
        return histogram.getTotalCount() == 0 ? 0 : histogram.getMaxValue();
    }
}
