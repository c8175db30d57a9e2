package dev.gavel.query.stats;

import dev.gavel.contract.Partitioner;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Statistics read from counters written here exactly as the acceptor's scripts lay them out. */
class StatisticsApiTest {

    private final TestStack stack = TestStack.get();
    private final RedisCommands<String, String> redis = stack.redis();
    private final RedisKeys keys = new RedisKeys(new Partitioner(16));

    @Test
    void shouldReadAUsersCountersFromTheUsersPartition() {
        // given
        String user = TestStack.unique("jack");
        count(keys.partitionOf(user), "user", user, "impressions", 200);
        count(keys.partitionOf(user), "user", user, "bids", 100);

        // when
        Response response = stack.get("/statistics?username=" + user);

        // then
        assertEquals(200, response.status(), response.toString());
        assertEquals("{\"username\":\"" + user + "\",\"impressions\":200,\"bids\":100,\"conversion\":0.5}", response.body());
    }

    @Test
    void shouldKeepUsernamesAndContextValuesOfTheSameTextApart() {
        // given
        String name = TestStack.unique("1.0");
        count(keys.partitionOf(name), "user", name, "impressions", 2);
        count(0, "sdk", RedisKeys.encode(name), "impressions", 7);
        count(0, "sdk", RedisKeys.encode(name), "bids", 7);

        // when
        Map<String, Object> asUser = stack.get("/statistics?username=" + name).json();
        Map<String, Object> asSdk = stack.get("/statistics?sdk=" + name).json();

        // then
        assertEquals(2, asUser.get("impressions"));
        assertEquals(0, asUser.get("bids"));
        assertEquals(0.0, asUser.get("conversion"));
        assertEquals(Map.of("sdk", name, "impressions", 7, "bids", 7, "conversion", 1.0), asSdk);
    }

    @Test
    void shouldLookUpContextValuesByTheirEncodedForm() {
        // given
        String platform = "iOS 17 {x}:" + TestStack.unique("p");
        String country = TestStack.unique("AT");
        count(9, "platform", RedisKeys.encode(platform), "bids", 4);
        count(2, "country", RedisKeys.encode(country), "impressions", 8);

        // when
        Response byPlatform = stack.get("/statistics?platform=" + URLEncoder.encode(platform, StandardCharsets.UTF_8));
        Response byCountry = stack.get("/statistics?country=" + country);

        // then
        assertEquals(Map.of("platform", platform, "impressions", 0, "bids", 4, "conversion", 0.0), byPlatform.json());
        assertEquals(8, byCountry.json().get("impressions"));
    }

    @Test
    void shouldReadAnItemsCountersFromItsPartition() {
        // given
        String item = TestStack.unique("item");
        count(keys.partitionOf(item), "item", item, "impressions", 4);
        count(keys.partitionOf(item), "item", item, "bids", 1);

        // when
        Response response = stack.get("/statistics?item=" + item);

        // then
        assertEquals(Map.of("item", item, "impressions", 4, "bids", 1, "conversion", 0.25), response.json());
    }

    @Test
    void shouldRespondWithNotFoundWhenNothingWasCounted() {
        assertError(stack.get("/statistics?username=" + TestStack.unique("nobody")), 404, "not_found");
        assertError(stack.get("/statistics?sdk=" + TestStack.unique("9.9")), 404, "not_found");
        assertError(stack.get("/statistics?item=" + TestStack.unique("none")), 404, "not_found");
        assertError(stack.get("/statistics?username=no%7Bsuch%7Dname"), 404, "not_found");
        assertError(stack.get("/statistics?country=" + "x".repeat(33)), 404, "not_found");
    }

    @Test
    void shouldRespondWithBadRequestWithNoneOrSeveralOrEmptyFilters() {
        assertError(stack.get("/statistics"), 400, "bad_request");
        assertError(stack.get("/statistics?username=jack&sdk=1.0"), 400, "bad_request");
        assertError(stack.get("/statistics?platform=ios&country=AT&item=999"), 400, "bad_request");
        assertError(stack.get("/statistics?username="), 400, "bad_request");
        assertError(stack.get("/statistics?color=red"), 400, "bad_request");
    }

    @Test
    void shouldSummarizeTotalsAndTheBidsOfTheLastMinute() {
        // given
        Map<String, Object> before = stack.get("/statistics/summary").json();
        long now = Instant.now().getEpochSecond();
        redis.hincrby(RedisKeys.statsTotal(4), "bids", 90);
        redis.hincrby(RedisKeys.statsTotal(7), "impressions", 180);
        redis.hincrby(RedisKeys.statsSecond(4, now - 1), "bids", 60);
        redis.hincrby(RedisKeys.statsSecond(7, now - 2), "bids", 60);
        redis.hincrby(RedisKeys.statsSecond(7, now - 3), "impressions", 30);
        redis.hincrby(RedisKeys.statsSecond(7, now - 600), "bids", 1000);

        // when
        Response response = stack.get("/statistics/summary");

        // then
        assertEquals(200, response.status(), response.toString());
        Map<String, Object> after = response.json();
        assertEquals(90L, delta(before, after, "bids"));
        assertEquals(180L, delta(before, after, "impressions"));
        assertEquals(120L, delta(before, after, "bids_last_60s"));
        assertEquals(30L, delta(before, after, "impressions_last_60s"));
        assertEquals(60, after.get("window_seconds"));
        double perSecond = ((Number) after.get("bids_per_second")).doubleValue();
        assertEquals(((Number) after.get("bids_last_60s")).doubleValue() / 60, perSecond, 1e-9);
    }

    private void count(int partition, String dimension, String keyPart, String field, long n) {
        redis.hincrby(RedisKeys.statsCounter(partition, dimension, keyPart), field, n);
    }

    private static long delta(Map<String, Object> before, Map<String, Object> after, String field) {
        return ((Number) after.get(field)).longValue() - ((Number) before.get(field)).longValue();
    }
}
