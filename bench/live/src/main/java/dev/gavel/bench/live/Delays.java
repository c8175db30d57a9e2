package dev.gavel.bench.live;

import org.HdrHistogram.Histogram;

/**
 * The delays from probe bids' 201s to their arrival at subscribers, in microseconds, in an
 * HdrHistogram (three significant digits, up to an hour). Recorded from every event loop, so each
 * call holds the histogram's lock; a probe arrives at most a few ten thousand times a second.
 */
final class Delays {

    private static final long HIGHEST_US = 3_600_000_000L;

    private final Histogram histogram = new Histogram(HIGHEST_US, 3);

    synchronized void recordMicros(long micros) {
        histogram.recordValue(Math.min(Math.max(0, micros), HIGHEST_US));
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
