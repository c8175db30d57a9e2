package dev.gavel.query.certificate;

import dev.gavel.contract.RedisKeys;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Certificate reads against Redis state written here exactly as certificate.lua lays it out. */
class CertificateReadTest {

    private static final long T0 = 1_795_000_000_000_000L;

    private final TestStack stack = TestStack.get();
    private final RedisCommands<String, String> redis = stack.redis();
    private final RedisKeys keys = stack.context().getBean(RedisKeys.class);

    @Test
    void shouldReadOneCertificateById() {
        String code = shareClass();
        issue(code, "Salt Bae", 10, "admin");

        Response response = stack.get("/certificates/" + code + "-1");

        assertEquals(200, response.status(), response.toString());
        assertEquals("{\"cert_id\":\"" + code + "-1\",\"stakeholder\":\"Salt Bae\",\"company\":\"Gavel Inc.\","
                + "\"class\":\"" + code + "\",\"amount\":10,\"issued_at\":\"2026-11-18T11:06:40.000001Z\","
                + "\"number\":1,\"issued_by\":\"admin\"}", response.body());
    }

    @Test
    void shouldRespondWithNotFoundForAnUnissuedOrMalformedId() {
        String code = shareClass();
        issue(code, "Salt Bae", 10, "admin");

        for (String id : List.of(code + "-2", code + "-0", code + "-01", code, code + "-x", "-1", "a*b-1",
                code + "-99999999999999999")) {
            assertError(stack.get("/certificates/" + id), 404, "not_found");
        }
    }

    @Test
    void shouldReadACodeThatContainsADash() {
        String code = shareClass() + "-B";
        redis.hset(keys.shareClass(code), Map.of("name", "x", "authorized", "10"));
        issue(code, "Otto", 1, "admin");

        assertEquals(code + "-1", stack.get("/certificates/" + code + "-1").json().get("cert_id"));
    }

    @Test
    void shouldListAClassInNumberOrderPageByPage() {
        String code = shareClass();
        for (int i = 0; i < 5; i++) {
            issue(code, "holder " + (i % 2), i + 1, "admin");
        }

        Response first = stack.get("/certificates?class=" + code + "&limit=2");
        Response second = stack.get("/certificates?class=" + code + "&limit=2&after=" + first.json().get("next"));
        Response last = stack.get("/certificates?class=" + code + "&limit=2&after=" + second.json().get("next"));

        assertEquals(List.of(code + "-1", code + "-2"), ids(first));
        assertEquals(List.of(code + "-3", code + "-4"), ids(second));
        assertEquals(List.of(code + "-5"), ids(last));
        assertNull(last.json().get("next"));
        assertEquals(5, ids(stack.get("/certificates?class=" + code)).size());
    }

    @Test
    void shouldFilterByStakeholderInNumberOrderPageByPage() {
        String code = shareClass();
        for (int i = 0; i < 7; i++) {
            issue(code, i % 3 == 0 ? "Zoë / {odd}: name" : "someone else", 1, "admin");
        }
        String filter = "/certificates?class=" + code + "&stakeholder=Zo%C3%AB%20%2F%20%7Bodd%7D%3A%20name&limit=2";

        Response first = stack.get(filter);
        Response second = stack.get(filter + "&after=" + first.json().get("next"));

        assertEquals(List.of(code + "-1", code + "-4"), ids(first));
        assertEquals(List.of(code + "-7"), ids(second));
        assertNull(second.json().get("next"));
        assertEquals(List.of(), ids(stack.get("/certificates?class=" + code + "&stakeholder=nobody")));
    }

    @Test
    void shouldRespondWithBadRequestOrNotFoundForABadListQuery() {
        String code = shareClass();

        assertError(stack.get("/certificates"), 400, "bad_request");
        assertError(stack.get("/certificates?class=" + code + "&limit=0"), 400, "bad_request");
        assertError(stack.get("/certificates?class=" + code + "&after=%21%21"), 400, "bad_request");
        assertError(stack.get("/certificates?class=" + TestStack.unique("ghost")), 404, "not_found");
    }

    private String shareClass() {
        String code = TestStack.unique("C");
        redis.hset(keys.shareClass(code), Map.of("name", "Common", "authorized", "1000", "created_at_us", "1"));
        return code;
    }

    /** As certificate.lua: count, shares, the JSON entry, the stakeholder index. */
    private void issue(String code, String stakeholder, long amount, String user) {
        long number = redis.hincrby(keys.shareClass(code), "certificates", 1);
        redis.hincrby(keys.shareClass(code), "issued", amount);
        redis.rpush(keys.certificates(code), "{\"number\":\"" + number + "\",\"stakeholder\":\""
                + stakeholder.replace("/", "\\/") + "\",\"amount\":\"" + amount + "\",\"user\":\"" + user
                + "\",\"ts_us\":\"" + (T0 + number) + "\",\"company\":\"Gavel Inc.\"}");
        redis.zadd(keys.stakeholder(code, stakeholder), number, Long.toString(number));
    }

    @SuppressWarnings("unchecked")
    private static List<String> ids(Response response) {
        List<String> ids = new ArrayList<>();
        for (Object certificate : (List<Object>) response.json().get("certificates")) {
            ids.add((String) ((Map<String, Object>) certificate).get("cert_id"));
        }
        return ids;
    }
}
