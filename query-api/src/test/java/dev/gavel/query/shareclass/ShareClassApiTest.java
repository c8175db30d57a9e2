package dev.gavel.query.shareclass;

import dev.gavel.contract.RedisKeys;
import dev.gavel.query.Startup;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import io.micronaut.context.event.StartupEvent;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShareClassApiTest {

    private final TestStack stack = TestStack.get();
    private final RedisKeys keys = stack.context().getBean(RedisKeys.class);

    @Test
    void shouldCreateAClassAndMirrorItsCatalogueFields() {
        String code = TestStack.unique("CS");

        Response response = create("{\"code\":\"" + code + "\",\"name\":\"Common Stock\",\"authorized\":2600000}",
                stack.adminAuth());

        assertEquals(201, response.status(), response.toString());
        assertEquals("{\"code\":\"" + code + "\",\"name\":\"Common Stock\",\"authorized\":2600000,\"issued\":0,"
                + "\"remaining\":2600000,\"certificates\":0}", response.body());
        Map<String, String> mirror = stack.redis().hgetall(keys.shareClass(code));
        assertEquals("Common Stock", mirror.get("name"));
        assertEquals("2600000", mirror.get("authorized"));
        assertTrue(mirror.containsKey("created_at_us"));
        assertFalse(mirror.containsKey("issued"));
        assertEquals(response.body(), stack.get("/share-classes/" + code).body());
    }

    @Test
    void shouldReadLiveCountersFromRedis() {
        String code = TestStack.unique("PS");
        create("{\"code\":\"" + code + "\",\"name\":\"Preferred\",\"authorized\":750000}", stack.adminAuth());
        stack.redis().hset(keys.shareClass(code), Map.of("issued", "1234", "certificates", "3"));

        Map<String, Object> json = stack.get("/share-classes/" + code).json();

        assertEquals(1234, ((Number) json.get("issued")).intValue());
        assertEquals(750000 - 1234, ((Number) json.get("remaining")).intValue());
        assertEquals(3, ((Number) json.get("certificates")).intValue());
    }

    @Test
    void shouldNeverResetTheCountersWhenTheCatalogueIsMirroredAgainAtStartup() {
        String code = TestStack.unique("CS");
        create("{\"code\":\"" + code + "\",\"name\":\"Common\",\"authorized\":100}", stack.adminAuth());
        stack.redis().hset(keys.shareClass(code), Map.of("issued", "40", "certificates", "4"));
        stack.redis().hdel(keys.shareClass(code), "name");

        stack.context().getBean(Startup.class).onApplicationEvent(new StartupEvent(stack.context()));

        Map<String, String> mirror = stack.redis().hgetall(keys.shareClass(code));
        assertEquals("Common", mirror.get("name"));
        assertEquals("40", mirror.get("issued"));
        assertEquals("4", mirror.get("certificates"));
    }

    @Test
    void shouldRespondWithConflictForAnExistingCode() {
        String code = TestStack.unique("CS");
        String body = "{\"code\":\"" + code + "\",\"name\":\"Common\",\"authorized\":10}";
        assertEquals(201, create(body, stack.adminAuth()).status());

        assertError(create(body, stack.adminAuth()), 409, "conflict");
    }

    @Test
    void shouldRequireTheAdminRole() {
        String bidder = stack.newUser("bidder", "12345");
        String body = "{\"code\":\"" + TestStack.unique("X") + "\",\"name\":\"X\",\"authorized\":10}";

        assertError(create(body, null), 401, "unauthorized");
        assertError(create(body, TestStack.basic(bidder, "12345")), 403, "forbidden");
    }

    @Test
    void shouldRespondWithBadRequestForEveryMalformedClassAndCreateNothing() {
        String code = TestStack.unique("BAD");
        List<String> bodies = List.of(
                "{\"code\":\"" + code + "\",\"name\":\"X\",\"authorized\":0}",
                "{\"code\":\"" + code + "\",\"name\":\"X\",\"authorized\":-1}",
                "{\"code\":\"" + code + "\",\"name\":\"X\",\"authorized\":1.5}",
                "{\"code\":\"" + code + "\",\"name\":\"X\",\"authorized\":\"10\"}",
                "{\"code\":\"" + code + "\",\"name\":\"X\",\"authorized\":1000000000000000001}",
                "{\"code\":\"" + code + "\",\"name\":\"X\"}",
                "{\"code\":\"" + code + "\",\"name\":\"\",\"authorized\":10}",
                "{\"code\":\"" + code + "\",\"name\":\"" + "n".repeat(201) + "\",\"authorized\":10}",
                "{\"code\":\"" + code + "\",\"authorized\":10}",
                "{\"code\":\"a b\",\"name\":\"X\",\"authorized\":10}",
                "{\"code\":7,\"name\":\"X\",\"authorized\":10}",
                "{\"name\":\"X\",\"authorized\":10}",
                "{\"code\":\"" + code + "\",\"name\":\"X\",\"authorized\":10,\"extra\":true}",
                "not json");

        for (String body : bodies) {
            assertError(create(body, stack.adminAuth()), 400, "bad_request");
        }
        assertError(stack.get("/share-classes/" + code), 404, "not_found");
        assertEquals(0, stack.redis().exists(keys.shareClass(code)));
    }

    @Test
    void shouldRespondWithNotFoundForAnUnknownOrMalformedCode() {
        assertError(stack.get("/share-classes/" + TestStack.unique("ghost")), 404, "not_found");
        assertError(stack.get("/share-classes/a*b"), 404, "not_found");
    }

    private Response create(String body, String authorization) {
        return authorization == null
                ? stack.postJson("/share-classes", body)
                : stack.postJson("/share-classes", body, "Authorization", authorization);
    }
}
