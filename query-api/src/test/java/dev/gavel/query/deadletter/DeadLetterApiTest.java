package dev.gavel.query.deadletter;

import dev.gavel.contract.MicroTime;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.paging.Paging;
import dev.gavel.query.support.OwnRedisInstance;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import io.lettuce.core.XAddArgs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * GET /events/dead-letter on an instance with a Redis of its own that no processor reads, so the dead-letter streams
 * hold exactly the entries written here as docs/redis-layout.md lays them out.
 */
class DeadLetterApiTest {

    private static final long AT = 1_795_870_860_123_456L;

    private static final int PARTITIONS = 16;

    private static TestStack stack;
    private static OwnRedisInstance instance;

    // One instance for the class (starting one per test took most of its time); each test starts with no letters.
    @BeforeAll
    static void start() {
        stack = TestStack.get();
        instance = OwnRedisInstance.start(stack);
    }

    @AfterAll
    static void stop() {
        instance.close();
    }

    @BeforeEach
    void removeEveryLetter() {
        for (int partition = 0; partition < PARTITIONS; partition++) {
            instance.redis().del(RedisKeys.deadLetters(partition));
        }
    }

    @Test
    void shouldShowALetterWithItsOriginalFieldsAsAnObject() {
        // given
        letter(15, "1795870860123-0", Map.of("stream_id", "1795870860000-0", "reason", "unknown type: teleport",
                "fields", "{\"type\": \"teleport\", \"event_id\": \"x\", \"ts_us\": \"1\"}", "at_us", Long.toString(AT)));

        // when
        Response response = get("/events/dead-letter", stack.adminAuth());

        // then
        assertEquals(200, response.status(), response.toString());
        assertEquals("{\"dead_letters\":[{\"id\":\"1795870860123-0\",\"partition\":15,\"stream_id\":\"1795870860000-0\","
                + "\"reason\":\"unknown type: teleport\",\"fields\":{\"type\":\"teleport\",\"event_id\":\"x\",\"ts_us\":\"1\"},"
                + "\"at\":\"" + MicroTime.format(AT) + "\"}],\"next\":null}", response.body());
    }

    @Test
    void shouldShowFieldsThatAreNotJsonAsTheirTextAndAMissingTimeAsNull() {
        // given
        letter(2, "7-0", Map.of("stream_id", "6-0", "reason", "missing field: ts_us", "fields", "not json"));

        // when
        Response response = get("/events/dead-letter", stack.adminAuth());

        // then
        assertEquals(200, response.status(), response.toString());
        assertEquals("{\"dead_letters\":[{\"id\":\"7-0\",\"partition\":2,\"stream_id\":\"6-0\",\"reason\":"
                + "\"missing field: ts_us\",\"fields\":\"not json\",\"at\":null}],\"next\":null}", response.body());
    }

    @Test
    void shouldMergeThePartitionsByIdThenPartitionAndPageWithoutRepeats() {
        // given: equal ids in several partitions, written out of order
        letter(9, "5-0", Map.of("reason", "r"));
        letter(0, "7-1", Map.of("reason", "r"));
        letter(3, "5-0", Map.of("reason", "r"));
        letter(15, "6-0", Map.of("reason", "r"));
        letter(1, "5-0", Map.of("reason", "r"));
        letter(3, "5-1", Map.of("reason", "r"));
        letter(0, "10-0", Map.of("reason", "r"));

        // when
        List<String> seen = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        String after = null;
        do {
            Response page = get("/events/dead-letter?limit=3" + (after == null ? "" : "&after=" + after), stack.adminAuth());
            assertEquals(200, page.status(), page.toString());
            page.list("dead_letters").forEach(letter -> seen.add(letter.get("id") + "@" + letter.get("partition")));
            sizes.add(page.list("dead_letters").size());
            after = (String) page.json().get("next");
        } while (after != null);

        // then
        assertEquals(List.of("5-0@1", "5-0@3", "5-0@9", "5-1@3", "6-0@15", "7-1@0", "10-0@0"), seen);
        assertEquals(List.of(3, 3, 1), sizes);
    }

    @Test
    void shouldOrderStreamIdsPastTheSignedLongRangeAsRedisDoes() {
        // given: stream id parts are unsigned 64-bit numbers in Redis
        letter(4, "5-0", Map.of("reason", "r"));
        letter(4, "9223372036854775808-0", Map.of("reason", "r"));
        letter(7, "9223372036854775807-0", Map.of("reason", "r"));

        // when
        Response first = get("/events/dead-letter?limit=2", stack.adminAuth());
        Response second = get("/events/dead-letter?limit=2&after=" + first.json().get("next"), stack.adminAuth());
        Response beyond = get("/events/dead-letter?after=" + Paging.encode("9999999999999999999-0|0"), stack.adminAuth());

        // then
        assertEquals(200, first.status(), first.toString());
        assertEquals(List.of("5-0", "9223372036854775807-0"), first.list("dead_letters").stream().map(l -> l.get("id")).toList());
        assertEquals(200, second.status(), second.toString());
        assertEquals(List.of("9223372036854775808-0"), second.list("dead_letters").stream().map(l -> l.get("id")).toList());
        assertEquals("{\"dead_letters\":[],\"next\":null}", beyond.body());
    }

    @Test
    void shouldGuardTheListForAdminsAndRefuseForeignCursors() {
        String bidder = stack.newUser("dl", "12345");

        assertError(get("/events/dead-letter", TestStack.basic(bidder, "12345")), 403, "forbidden");
        assertError(get("/events/dead-letter", null), 401, "unauthorized");
        assertError(get("/events/dead-letter?limit=1001", stack.adminAuth()), 400, "bad_request");
        assertError(get("/events/dead-letter?after=" + Paging.encode("5-0|16"), stack.adminAuth()), 400, "bad_request");
        assertError(get("/events/dead-letter?after=" + Paging.encode("5|0"), stack.adminAuth()), 400, "bad_request");
        assertError(get("/events/dead-letter?after=" + Paging.encode("5-0|01"), stack.adminAuth()), 400, "bad_request");
    }

    private void letter(int partition, String id, Map<String, String> body) {
        instance.redis().xadd(RedisKeys.deadLetters(partition), new XAddArgs().id(id), body);
    }

    private Response get(String path, String authorization) {
        return instance.get(path, authorization);
    }
}
