package dev.gavel.acceptor.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.TestData;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A buy-now bid racing normal bids at once (with ceilings below the buy-now price, so the price stays below it and
 * the buy-now stays open): it wins at its price, and nothing is accepted after it.
 */
class BuyNowRaceHttpTest {

    private static final String ITEM_KEY = TestData.KEYS.item("999");
    private static final int NORMAL_BIDS = 8;

    @RegisterExtension
    static final AcceptorFixture fixture = AcceptorFixture.withDefaults();

    @BeforeEach
    void freshData() {
        fixture.flushAll();
        fixture.user("buyer", "12345");
        for (int i = 0; i < NORMAL_BIDS; i++) {
            fixture.user("u" + i, "12345");
        }
        fixture.openItem(ITEM_KEY);
        fixture.redis().command("HSET", ITEM_KEY, "rule_buy_now_cents", "10000");
    }

    @RepeatedTest(3)
    void shouldLetTheBuyNowWinAtItsPriceAndAcceptNothingAfterIt() throws Exception {
        // given
        List<Callable<HttpResponse<String>>> bids = new ArrayList<>();
        bids.add(() -> bid("buyer", "{\"amount\": 100}"));
        for (int i = 0; i < NORMAL_BIDS; i++) {
            String user = "u" + i;
            bids.add(() -> bid(user, "{\"amount\": 50, \"max_amount\": 90}"));
        }

        // when
        List<HttpResponse<String>> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(bids.size());
        try {
            for (Future<HttpResponse<String>> answer : pool.invokeAll(bids)) {
                answers.add(answer.get());
            }
        } finally {
            pool.shutdownNow();
        }

        // then
        JsonObject bought = new JsonObject(answers.get(0).body());
        assertEquals(201, answers.get(0).statusCode(), answers.get(0).body());
        assertEquals("closed", bought.getString("status"));
        assertEquals(100, bought.getInteger("price"));
        long buySeq = bought.getLong("seq");
        for (HttpResponse<String> normal : answers.subList(1, answers.size())) {
            if (normal.statusCode() == 201) {
                assertTrue(new JsonObject(normal.body()).getLong("seq") < buySeq, normal.body());
            } else {
                assertEquals(409, normal.statusCode(), normal.body());
            }
        }
        List<String> list = fixture.probe().list(ITEM_KEY + ":bids");
        assertTrue(list.get(list.size() - 1).startsWith(buySeq + "|buyer|10000|"), list.toString());
        assertEquals("buyer", fixture.probe().text("HGET", ITEM_KEY, "lead_user"));
        assertEquals("10000", fixture.probe().text("HGET", ITEM_KEY, "price_cents"));
    }

    private static HttpResponse<String> bid(String user, String body) {
        return fixture.acceptor().send(fixture.acceptor().request("/items/999/bids")
                .header("Authorization", TestData.basic(user, "12345")).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
