package dev.gavel.query.live.ops;

import dev.gavel.query.live.LiveEvent;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;

class OperationsCounterTest {

    private static final long T0 = 1_800_000_000_000L;

    private final AtomicLong now = new AtomicLong(T0);
    private final OperationsCounter counter = new OperationsCounter(100, now::get);

    @Test
    void shouldReportTheEntriesOfTheLastCompleteSecondByType() {
        // given: one second with 3 bids, 2 impressions, 1 certificate and a closing
        now.set(T0 + 100);
        counter.onEvents(List.of(bid("a"), bid("a"), impression("a"), certificate()));
        now.set(T0 + 900);
        counter.onEvents(List.of(bid("b"), impression("b"), closed("a")));

        // when: the second is still running, then complete, then past
        OperationsViews.Rates running = counter.lastSecond();
        now.set(T0 + 1_500);
        OperationsViews.Rates complete = counter.lastSecond();
        now.set(T0 + 2_000);
        OperationsViews.Rates past = counter.lastSecond();

        // then
        assertEquals(new OperationsViews.Rates(0, 0, 0), running);
        assertEquals(new OperationsViews.Rates(3, 2, 1), complete);
        assertEquals(new OperationsViews.Rates(0, 0, 0), past);
    }

    @Test
    void shouldRankAtMostTenHotItemsByTheirBidsInTheLastTenSeconds() {
        // given: item-k receives k bids in each of the seconds 0..9, and "stale" 100 bids eleven seconds before
        now.set(T0 - 11_000);
        counter.onEvents(bids("stale", 100));
        for (int s = 0; s < 10; s++) {
            now.set(T0 + s * 1000L);
            List<LiveEvent> events = new ArrayList<>();
            for (int k = 1; k <= 12; k++) {
                events.addAll(bids("item-" + k, k));
            }
            counter.onEvents(events);
        }

        // when: second 10 has begun, so seconds 0..9 are the window
        now.set(T0 + 10_000);
        List<OperationsViews.HotItem> hot = counter.hotItems();

        // then: the ten busiest, most first, each at its bids over 10 s divided by 10
        List<OperationsViews.HotItem> expected = new ArrayList<>();
        for (int k = 12; k >= 3; k--) {
            expected.add(new OperationsViews.HotItem("item-" + k, k * 10 / 10.0));
        }
        assertEquals(expected, hot);
    }

    @Test
    void shouldForgetBidsOlderThanTheWindow() {
        // given
        now.set(T0);
        counter.onEvents(bids("old", 5));
        now.set(T0 + 5_000);
        counter.onEvents(bids("new", 1));

        // when
        now.set(T0 + 10_500);
        List<OperationsViews.HotItem> whileBothCount = counter.hotItems();
        now.set(T0 + 11_000);
        List<OperationsViews.HotItem> afterTheOldLeft = counter.hotItems();

        // then
        assertEquals(List.of(new OperationsViews.HotItem("old", 0.5), new OperationsViews.HotItem("new", 0.1)), whileBothCount);
        assertEquals(List.of(new OperationsViews.HotItem("new", 0.1)), afterTheOldLeft);
    }

    @Test
    void shouldTrackAtMostTheConfiguredItemsPerSecondButCountEveryBid() {
        // given: a limit of 10 items, and 20 items bid on in one second
        OperationsCounter bounded = new OperationsCounter(10, now::get);
        now.set(T0);
        List<LiveEvent> events = new ArrayList<>();
        for (int k = 0; k < 20; k++) {
            events.addAll(bids("item-" + k, 1));
        }
        events.addAll(bids("item-0", 1));
        bounded.onEvents(events);

        // when
        now.set(T0 + 1_000);
        OperationsViews.Rates rates = bounded.lastSecond();
        List<OperationsViews.HotItem> hot = bounded.hotItems();

        // then: the first ten items seen are tracked (a tracked item keeps counting), the rest only in the rate
        assertEquals(21, rates.bids());
        assertEquals(new OperationsViews.HotItem("item-0", 0.2), hot.get(0));
        assertEquals(10, hot.size());
        assertEquals(List.of(), hot.stream().filter(item -> Integer.parseInt(item.item().substring(5)) >= 10).toList());
    }

    private static List<LiveEvent> bids(String item, int count) {
        List<LiveEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(bid(item));
        }
        return events;
    }

    private static LiveEvent bid(String item) {
        return event("bid", item);
    }

    private static LiveEvent impression(String item) {
        return event("impression", item);
    }

    private static LiveEvent certificate() {
        return event("certificate", "");
    }

    private static LiveEvent closed(String item) {
        return event("item_closed", item);
    }

    private static LiveEvent event(String type, String item) {
        return new LiveEvent(0, "1-0", type, item, "", 0, 0, Optional.empty(), false, false, 0,
                Optional.empty(), "", "", "", "");
    }
}
