package dev.gavel.query.item;

import com.mongodb.client.MongoCollection;
import dev.gavel.contract.MicroTime;
import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.store.MongoStore;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemListTest {

    private final TestStack stack = TestStack.get();

    @Test
    void shouldWalkTwoThousandFiveHundredItemsWithoutRepeatsOrGaps() {
        // given
        String prefix = TestStack.unique("walk");
        List<Document> docs = new ArrayList<>();
        Set<String> mine = new HashSet<>();
        for (int i = 0; i < 2500; i++) {
            String id = prefix + "-" + String.format("%04d", i);
            mine.add(id);
            docs.add(new Document("_id", id).append("title", "lot " + i).append("created_at_us", MicroTime.nowMicros()));
        }
        items().insertMany(docs);

        // when
        List<String> seen = walk("/items?limit=97");

        // then
        assertEquals(seen.size(), new HashSet<>(seen).size(), "an item appeared twice");
        assertTrue(seen.containsAll(mine), "an item is missing");
        assertEquals(seen.stream().sorted().toList(), seen, "not in id order");
    }

    @Test
    void shouldFilterByStatusAtTheWindowEdges() {
        // given
        long now = MicroTime.nowMicros();
        long hour = Duration.ofHours(1).toNanos() / 1000;
        String scheduled = create("scheduled", now + hour, null);
        String open = create("open", now - hour, now + hour);
        String openForever = create("forever", null, null);
        String closed = create("closed", now - 2 * hour, now - hour);

        // when
        List<String> scheduledItems = walk("/items?status=scheduled&limit=1000");
        List<String> openItems = walk("/items?status=open&limit=1000");
        List<String> closedItems = walk("/items?status=closed&limit=1000");

        // then
        assertTrue(scheduledItems.contains(scheduled));
        assertTrue(openItems.contains(open) && openItems.contains(openForever));
        assertTrue(closedItems.contains(closed));
        assertFalse(openItems.contains(scheduled) || openItems.contains(closed));
        assertFalse(closedItems.contains(open) || scheduledItems.contains(open));
        assertEquals("closed", stack.get("/items/" + closed).json().get("status"));
        assertEquals("scheduled", stack.get("/items/" + scheduled).json().get("status"));
    }

    @Test
    void shouldShowAnItemWhoseWindowJustClosedAsClosedWithAFinalWinner() {
        // given
        String id = TestStack.unique("edge");
        // Long enough for the create to answer while the item is still open on a loaded machine (300 ms was not).
        Instant closesAt = Instant.now().plusMillis(2000);
        Response created = stack.send("POST", "/items", "{\"id\":\"" + id + "\",\"title\":\"Edge\",\"closes_at\":\""
                + closesAt + "\"}", stack.adminAuth());
        assertEquals(201, created.status(), created.toString());
        assertEquals("open", created.json().get("status"));
        String itemKey = new RedisKeys(new Partitioner(16)).item(id);
        stack.redis().hset(itemKey, Map.of("seq", "1", "lead_user", "john", "lead_amount_cents", "100",
                "lead_seq", "1", "lead_ts_us", Long.toString(MicroTime.nowMicros())));

        // when
        while (Instant.now().isBefore(closesAt.plusMillis(5))) {
            LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
        }

        // then
        assertEquals("closed", stack.get("/items/" + id).json().get("status"));
        assertEquals(Boolean.TRUE, stack.get("/items/" + id + "/winner").json().get("final"));
        assertTrue(walk("/items?status=closed&limit=1000").contains(id));
    }

    @Test
    void shouldRespondWithBadRequestForAnUnknownStatus() {
        assertError(stack.get("/items?status=sold"), 400, "bad_request");
        assertError(stack.get("/items?limit=1001"), 400, "bad_request");
        assertError(stack.get("/items?after=%25%25"), 400, "bad_request");
    }

    private String create(String prefix, Long opensAtUs, Long closesAtUs) {
        String id = TestStack.unique(prefix);
        StringBuilder body = new StringBuilder("{\"id\":\"" + id + "\",\"title\":\"t\"");
        if (opensAtUs != null) {
            body.append(",\"opens_at\":\"").append(MicroTime.format(opensAtUs)).append('"');
        }
        if (closesAtUs != null) {
            body.append(",\"closes_at\":\"").append(MicroTime.format(closesAtUs)).append('"');
        }
        Response response = stack.send("POST", "/items", body.append('}').toString(), stack.adminAuth());
        assertEquals(201, response.status(), response.toString());
        return id;
    }

    private List<String> walk(String firstPage) {
        List<String> seen = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            Response page = stack.get(firstPage + (after == null ? "" : "&after=" + after));
            assertEquals(200, page.status(), page.toString());
            for (Map<String, Object> item : page.list("items")) {
                seen.add(item.get("id").toString());
            }
            Object next = page.json().get("next");
            after = next == null ? null : next.toString();
            pages++;
        } while (after != null && pages < 10_000);
        return seen;
    }

    private MongoCollection<Document> items() {
        return stack.context().getBean(MongoStore.class).database().getCollection("items");
    }
}
