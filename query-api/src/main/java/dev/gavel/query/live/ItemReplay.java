package dev.gavel.query.live;

import dev.gavel.query.bid.BidListEntry;
import dev.gavel.query.store.RedisStore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;

/**
 * The bids a resuming item subscriber missed, read from the item's bid list (index i holds seq i + 1; entries
 * of every shape, {@link BidListEntry}: older ones replay with price and leading null) a
 * page at a time after {@code Last-Event-ID}; once the list is exhausted, {@code atEnd} adds what the list
 * cannot tell (the item's state: closed, or its current closing time), given the last seq replayed.
 */
final class ItemReplay implements LiveChannel.ReplaySource {

    static final int PAGE = 500;

    private final RedisStore redis;
    private final String bidsKey;
    private final LiveFrames frames;
    private final LongFunction<List<LiveFrame>> atEnd;
    private long nextIndex;
    private long lastSeq;

    ItemReplay(RedisStore redis, String bidsKey, long afterSeq, LiveFrames frames, LongFunction<List<LiveFrame>> atEnd) {
        this.redis = redis;
        this.bidsKey = bidsKey;
        this.frames = frames;
        this.atEnd = atEnd;
        this.nextIndex = afterSeq;
        this.lastSeq = afterSeq;
    }

    @Override
    public LiveChannel.ReplayPage next() {
        List<String> entries = redis.await(redis.async().lrange(bidsKey, nextIndex, nextIndex + PAGE - 1));
        List<LiveFrame> page = new ArrayList<>(entries.size() + 2);
        for (String entry : entries) {
            page.add(frame(entry));
        }
        nextIndex += entries.size();
        if (entries.size() < PAGE) {
            page.addAll(atEnd.apply(lastSeq));
            return new LiveChannel.ReplayPage(page, true);
        }
        return new LiveChannel.ReplayPage(page, false);
    }

    private LiveFrame frame(String entry) {
        BidListEntry bid = BidListEntry.parse(entry);
        lastSeq = bid.seq();
        return frames.bid(bid.seq(), bid.user(), bid.amountCents(), bid.priceCents(), bid.leading(), bid.auto(), bid.tsUs());
    }
}
