package dev.gavel.query.live.ops;

import dev.gavel.contract.StreamEntry;
import dev.gavel.query.live.LiveEvent;
import dev.gavel.query.live.LiveListener;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.function.LongSupplier;

/**
 * Counts the partition streams' entries by type, per second of this instance's clock when it reads them (every
 * instance reads every partition, so each counts all writes, within the poll interval of the write), and the bids
 * per item. It keeps the current second and the {@value #HOT_WINDOW_SECONDS} complete seconds before it, and at
 * most {@code hotItemsTracked} items per second: an item first seen in a second that already tracks that many is
 * counted in the rates but not among the hot items, so memory stays bounded however many items receive bids.
 */
@Singleton
public class OperationsCounter implements LiveListener {

    /** Hot items are ranked by their bids over this many complete seconds. */
    static final int HOT_WINDOW_SECONDS = 10;
    static final int HOT_ITEMS = 10;
    private static final Comparator<Map.Entry<String, Integer>> HOTTEST_FIRST =
            Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey());

    private final int hotItemsTracked;
    private final LongSupplier clockMillis;
    private final Second[] seconds = new Second[HOT_WINDOW_SECONDS + 1];

    @Inject
    public OperationsCounter(OperationsConfig config) {
        this(config.getHotItemsTracked(), System::currentTimeMillis);
    }

    OperationsCounter(int hotItemsTracked, LongSupplier clockMillis) {
        this.hotItemsTracked = hotItemsTracked;
        this.clockMillis = clockMillis;
        for (int i = 0; i < seconds.length; i++) {
            seconds[i] = new Second();
        }
    }

    @Override
    public void onEvents(List<LiveEvent> events) {
        long now = currentSecond();
        synchronized (this) {
            Second second = slot(now);
            if (second.epochSecond != now) {
                second.reset(now);
            }
            for (LiveEvent event : events) {
                second.count(event, hotItemsTracked);
            }
        }
    }

    /** The entries counted in the last complete second. */
    public synchronized OperationsViews.Rates lastSecond() {
        Second second = complete(currentSecond() - 1);
        return second == null ? new OperationsViews.Rates(0, 0, 0)
                : new OperationsViews.Rates(second.bids, second.impressions, second.certificates);
    }

    /**
     * At most {@value #HOT_ITEMS} items by their bids in the last {@value #HOT_WINDOW_SECONDS} complete seconds,
     * most first (ties by item id); bids per second is that count divided by {@value #HOT_WINDOW_SECONDS}.
     */
    public List<OperationsViews.HotItem> hotItems() {
        Map<String, Integer> bids = new HashMap<>();
        long now = currentSecond();
        synchronized (this) {
            for (long s = now - HOT_WINDOW_SECONDS; s < now; s++) {
                Second second = complete(s);
                if (second != null) {
                    second.items.forEach((item, count) -> bids.merge(item, count, Integer::sum));
                }
            }
        }
        PriorityQueue<Map.Entry<String, Integer>> top = new PriorityQueue<>(HOTTEST_FIRST.reversed());
        for (Map.Entry<String, Integer> entry : bids.entrySet()) {
            top.add(entry);
            if (top.size() > HOT_ITEMS) {
                top.poll();
            }
        }
        List<Map.Entry<String, Integer>> hottest = new ArrayList<>(top);
        hottest.sort(HOTTEST_FIRST);
        return hottest.stream()
                .map(entry -> new OperationsViews.HotItem(entry.getKey(), entry.getValue() / (double) HOT_WINDOW_SECONDS))
                .toList();
    }

    private long currentSecond() {
        return Math.floorDiv(clockMillis.getAsLong(), 1000);
    }

    private Second slot(long epochSecond) {
        return seconds[(int) Math.floorMod(epochSecond, (long) seconds.length)];
    }

    /** The counts of that second, or null when nothing was read in it (its slot holds another second). */
    private Second complete(long epochSecond) {
        Second second = slot(epochSecond);
        return second.epochSecond == epochSecond ? second : null;
    }

    private static final class Second {

        private long epochSecond = Long.MIN_VALUE;
        private long bids;
        private long impressions;
        private long certificates;
        private Map<String, Integer> items = new HashMap<>();

        void reset(long second) {
            epochSecond = second;
            bids = 0;
            impressions = 0;
            certificates = 0;
            // A new map, not clear(): a busy second's table is not kept for the quiet ones after it.
            items = new HashMap<>();
        }

        void count(LiveEvent event, int hotItemsTracked) {
            switch (event.type()) {
                case StreamEntry.TYPE_BID -> {
                    bids++;
                    if (!event.item().isEmpty() && (items.size() < hotItemsTracked || items.containsKey(event.item()))) {
                        items.merge(event.item(), 1, Integer::sum);
                    }
                }
                case StreamEntry.TYPE_IMPRESSION -> impressions++;
                case StreamEntry.TYPE_CERTIFICATE -> certificates++;
                default -> {
                    // item_closed and anything newer are not writes per second
                }
            }
        }
    }
}
