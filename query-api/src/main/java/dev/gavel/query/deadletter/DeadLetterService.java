package dev.gavel.query.deadletter;

import dev.gavel.contract.RedisKeys;
import dev.gavel.query.paging.Page;
import jakarta.inject.Singleton;

/** One page of the dead letters of every partition, merged into one order. */
@Singleton
public class DeadLetterService {

    private final DeadLetterReader reader;
    private final RedisKeys keys;

    public DeadLetterService(DeadLetterReader reader, RedisKeys keys) {
        this.reader = reader;
        this.keys = keys;
    }

    /** Ordered by (dead-letter id, partition); the cursor is the last pair shown. */
    public DeadLetterViews.DeadLetterPage deadLetters(int limit, String after) {
        DeadLetterPosition from = after == null ? DeadLetterPosition.START
                : DeadLetterPosition.parse(after, keys.partitions());
        Page<DeadLetterReader.Letter> page = Page.of(reader.after(from, Page.fetchSize(limit)), limit);
        return new DeadLetterViews.DeadLetterPage(page.map(DeadLetterReader.Letter::view).rows(),
                page.next(last -> last.position().text()));
    }
}
