package dev.gavel.query.live;

import dev.gavel.query.store.RedisStore;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * The bids a resuming item subscriber missed, read from the item's bid list (index i holds seq i + 1) a
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

    /**
     * {@code <seq>|<user>|<amount_cents>|<ts_us>|<auto or empty>|<price_cents>|<leading 1/0>}; entries recorded
     * before the list carried price and leading have 4 parts (5 with {@code auto}) and replay with both null.
     */
    private LiveFrame frame(String entry) {
        String[] parts = entry.split("\\|", -1);
        if (parts.length < 4) {
            throw new IllegalStateException("malformed bid entry in Redis: " + entry);
        }
        long seq = Long.parseLong(parts[0]);
        boolean auto = parts.length >= 5 && "auto".equals(parts[4]);
        Optional<Long> price = parts.length >= 7 && !parts[5].isEmpty() ? Optional.of(Long.parseLong(parts[5])) : Optional.empty();
        Optional<Boolean> leading = parts.length >= 7 && !parts[6].isEmpty() ? Optional.of("1".equals(parts[6])) : Optional.empty();
        lastSeq = seq;
        return frames.bid(seq, parts[1], Long.parseLong(parts[2]), price, leading, auto, Long.parseLong(parts[3]));
    }
}
