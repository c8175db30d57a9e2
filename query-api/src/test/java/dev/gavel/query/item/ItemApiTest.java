package dev.gavel.query.item;

import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItemApiTest {

    private final TestStack stack = TestStack.get();
    private final RedisKeys keys = new RedisKeys(new Partitioner(16));

    @Test
    void shouldRespondWithUnauthorizedAndChallengeWithoutCredentials() {
        Response response = stack.postJson("/items", "{\"title\":\"Lamp\"}");

        assertError(response, 401, "unauthorized");
        assertEquals("Basic realm=\"gavel\"", response.header("WWW-Authenticate"));
    }

    @Test
    void shouldRespondWithUnauthorizedForWrongPassword() {
        Response response = create("{\"title\":\"Lamp\"}", TestStack.basic("admin", "wrong-password"));

        assertError(response, 401, "unauthorized");
        assertEquals("Basic realm=\"gavel\"", response.header("WWW-Authenticate"));
        assertError(create("{\"title\":\"Lamp\"}", "Basic !!!"), 401, "unauthorized");
        assertError(create("{\"title\":\"Lamp\"}", "Digest abc"), 401, "unauthorized");
    }

    @Test
    void shouldRespondWithForbiddenForBidder() {
        String bidder = stack.newUser("bidder", "12345");

        Response response = create("{\"title\":\"Lamp\"}", TestStack.basic(bidder, "12345"));

        assertError(response, 403, "forbidden");
    }

    @Test
    void shouldCreateItemAndMirrorCatalogueFields() {
        String id = TestStack.unique("item");
        String body = "{\"id\":\"" + id + "\",\"title\":\"Lamp\",\"description\":\"brass\","
                + "\"opens_at\":\"2020-01-01T01:00:00.5+01:00\",\"closes_at\":\"2199-01-01T00:00:00Z\"}";

        Response response = create(body, stack.adminAuth());

        assertEquals(201, response.status(), response.toString());
        Map<String, Object> json = response.json();
        assertEquals(List.of("bid_count", "closed_reason", "closes_at", "description", "id", "minimum_bid",
                "opens_at", "price", "reserve_met", "result", "rules", "status", "title", "winning_bid"),
                json.keySet().stream().sorted().toList());
        assertEquals("2020-01-01T00:00:00.500000Z", json.get("opens_at"));
        assertEquals("2199-01-01T00:00:00.000000Z", json.get("closes_at"));
        assertEquals("open", json.get("status"));
        assertEquals(0, ((Number) json.get("bid_count")).intValue());
        assertNull(json.get("winning_bid"));
        Map<String, String> mirror = stack.redis().hgetall(itemKey(id));
        assertEquals("Lamp", mirror.get("title"));
        assertEquals("1577836800500000", mirror.get("opens_at_us"));
        assertEquals("7226582400000000", mirror.get("closes_at_us"));
        assertTrue(mirror.containsKey("created_at_us"));
        assertFalse(mirror.containsKey("seq"));
        assertEquals(response.json(), stack.get("/items/" + id).json());
    }

    @Test
    void shouldGenerateIdAndLeaveOptionalFieldsNull() {
        Response response = create("{\"title\":\"Vase\"}", stack.adminAuth());

        assertEquals(201, response.status(), response.toString());
        Map<String, Object> json = response.json();
        assertTrue(json.get("id").toString().matches("[0-9a-f-]{36}"), json.toString());
        assertTrue(json.containsKey("description"));
        assertNull(json.get("description"));
        assertNull(json.get("opens_at"));
        assertNull(json.get("closes_at"));
        Map<String, String> mirror = stack.redis().hgetall(itemKey(json.get("id").toString()));
        assertFalse(mirror.containsKey("opens_at_us"));
        assertFalse(mirror.containsKey("closes_at_us"));
    }

    @Test
    void shouldRespondWithConflictWhenItemExists() {
        String id = TestStack.unique("dup");
        assertEquals(201, create("{\"id\":\"" + id + "\",\"title\":\"A\"}", stack.adminAuth()).status());

        assertError(create("{\"id\":\"" + id + "\",\"title\":\"B\"}", stack.adminAuth()), 409, "conflict");
    }

    @Test
    void shouldRespondWithBadRequestForInvalidItems() {
        String admin = stack.adminAuth();
        assertError(create("{\"id\":\"a b\",\"title\":\"A\"}", admin), 400, "bad_request");
        assertError(create("{\"id\":\"" + "x".repeat(65) + "\",\"title\":\"A\"}", admin), 400, "bad_request");
        assertError(create("{\"description\":\"no title\"}", admin), 400, "bad_request");
        assertError(create("{\"title\":\"" + "t".repeat(201) + "\"}", admin), 400, "bad_request");
        assertError(create("{\"title\":\"A\",\"description\":\"" + "d".repeat(2001) + "\"}", admin),
                400, "bad_request");
        assertError(create("{\"title\":\"A\",\"opens_at\":\"tomorrow\"}", admin), 400, "bad_request");
        assertError(create("{\"title\":\"A\",\"closes_at\":\"2999-01-01T00:00:00Z\"}", admin), 400, "bad_request");
        assertError(create("{\"title\":\"A\",\"opens_at\":\"2030-01-02T00:00:00Z\","
                + "\"closes_at\":\"2030-01-01T00:00:00Z\"}", admin), 400, "bad_request");
    }

    @Test
    void shouldShowStatusAndLiveWinningBid() {
        String scheduled = createItem("{\"title\":\"Later\",\"opens_at\":\"2199-01-01T00:00:00Z\"}");
        String closed = createItem("{\"title\":\"Done\",\"opens_at\":\"2020-01-01T00:00:00Z\","
                + "\"closes_at\":\"2020-01-02T00:00:00Z\"}");
        stack.redis().hset(itemKey(closed), Map.of("seq", "3", "lead_user", "otto", "lead_amount_cents", "1250",
                "lead_seq", "2", "lead_ts_us", "1577840000123456"));

        assertEquals("scheduled", stack.get("/items/" + scheduled).json().get("status"));
        Response response = stack.get("/items/" + closed);

        assertEquals("closed", response.json().get("status"));
        assertEquals(3, ((Number) response.json().get("bid_count")).intValue());
        assertTrue(response.body().contains(
                "\"winning_bid\":{\"user\":\"otto\",\"amount\":12.5,\"seq\":2,\"ts\":\"2020-01-01T00:53:20.123456Z\"}"),
                response.body());
    }

    @Test
    void shouldRespondWithNotFoundForUnknownOrInvalidItem() {
        assertError(stack.get("/items/" + TestStack.unique("missing")), 404, "not_found");
        assertError(stack.get("/items/bad%7Bid"), 404, "not_found");
    }

    private String createItem(String body) {
        Response response = create(body, stack.adminAuth());
        assertEquals(201, response.status(), response.toString());
        return response.json().get("id").toString();
    }

    private Response create(String body, String authorization) {
        return stack.postJson("/items", body, "Authorization", authorization);
    }

    private String itemKey(String id) {
        return keys.item(id);
    }
}
