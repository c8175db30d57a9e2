package dev.gavel.processor;

import com.mongodb.client.MongoDatabase;
import dev.gavel.processor.archive.ArchiveWriter;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The writer against a real (embedded) MongoDB: replays change nothing, and the updates it leaves out
 * because MongoDB already holds as much never lose a winner, also with two instances writing.
 */
class ArchiveWriterTest {

    private static final TestStores STORES = new TestStores();

    private final MongoDatabase mongo = STORES.mongo();

    @AfterAll
    static void stopStores() {
        STORES.close();
    }

    @Test
    void shouldArchiveAReplayedBatchOnce() {
        // given
        String item = newItem();
        ArchiveWriter writer = new ArchiveWriter(mongo);
        List<Document> batch = List.of(bid(item, 1, 500, 10), bid(item, 2, 700, 20));
        writer.write(batch);

        // when
        new ArchiveWriter(mongo).write(List.of(bid(item, 1, 500, 10), bid(item, 2, 700, 20), bid(item, 3, 600, 30)));

        // then
        assertEquals(3, mongo.getCollection("events").countDocuments(new Document("item", item)));
        assertEquals(3L, itemDoc(item).get("bid_count", Number.class).longValue());
        assertEquals(2L, winner(item).get("seq", Number.class).longValue());
    }

    @Test
    void shouldNotSendUpdatesThatCannotPassWhatItWroteBefore() {
        // given
        String item = newItem();
        ArchiveWriter writer = new ArchiveWriter(mongo);
        writer.write(List.of(bid(item, 1, 900, 10), bid(item, 2, 100, 20)));
        long skippedBefore = writer.updatesSkipped();

        // when: a replay of seq 2 (neither a higher seq nor a better bid), then a new losing bid
        writer.write(List.of(bid(item, 2, 100, 20)));
        writer.write(List.of(bid(item, 3, 800, 30)));

        // then
        assertEquals(3, writer.updatesSkipped() - skippedBefore);
        assertEquals(3L, itemDoc(item).get("bid_count", Number.class).longValue());
        assertEquals(1L, winner(item).get("seq", Number.class).longValue());
    }

    @Test
    void shouldKeepTheBestWinnerWhenTwoInstancesWriteTheSameItem() {
        // given: instance a has written a 100 bid, instance b a better one it does not know about
        String item = newItem();
        ArchiveWriter a = new ArchiveWriter(mongo);
        ArchiveWriter b = new ArchiveWriter(mongo);
        a.write(List.of(bid(item, 1, 100, 10)));
        b.write(List.of(bid(item, 3, 200, 30)));

        // when: a sees a bid that beats its own last winner but not b's, and b a late, lower seq
        a.write(List.of(bid(item, 2, 150, 20)));
        b.write(List.of(bid(item, 2, 150, 20)));

        // then
        Document winning = winner(item);
        assertEquals(200L, winning.get("amount_cents", Number.class).longValue());
        assertEquals(3L, winning.get("seq", Number.class).longValue());
        assertEquals(3L, itemDoc(item).get("bid_count", Number.class).longValue());
    }

    @Test
    void shouldPreferTheEarlierBidOfEqualAmount() {
        // given
        String item = newItem();
        ArchiveWriter writer = new ArchiveWriter(mongo);
        writer.write(List.of(bid(item, 2, 500, 20)));

        // when: an equal amount that arrived earlier (archived later: events may come in any order)
        writer.write(List.of(bid(item, 1, 500, 10)));

        // then
        assertEquals(1L, winner(item).get("seq", Number.class).longValue());
    }

    private String newItem() {
        String id = TestStores.unique("writer");
        mongo.getCollection("items").insertOne(new Document("_id", id).append("title", "writer")
                .append("created_at_us", 1L));
        return id;
    }

    private static Document bid(String item, long seq, long cents, long tsOffset) {
        return new Document("_id", "bid:" + item + ":" + seq).append("type", "bid")
                .append("ts_us", 1_800_000_000_000_000L + tsOffset).append("item", item).append("user", "john")
                .append("amount_cents", cents).append("seq", seq);
    }

    private Document itemDoc(String item) {
        return mongo.getCollection("items").find(new Document("_id", item)).first();
    }

    private Document winner(String item) {
        return itemDoc(item).get("winning_bid", Document.class);
    }
}
