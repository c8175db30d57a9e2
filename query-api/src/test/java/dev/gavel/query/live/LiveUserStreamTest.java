package dev.gavel.query.live;

import dev.gavel.contract.RedisKeys;
import dev.gavel.query.support.TestStack;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

class LiveUserStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private static TestStack stack;
    private static ScriptWrites writes;
    private static int port;

    @BeforeAll
    static void start() {
        stack = TestStack.get();
        writes = new ScriptWrites(stack.commands(), stack.context().getBean(RedisKeys.class));
        port = stack.uri("/").getPort();
    }

    @Test
    void shouldAskForCredentials() {
        String john = stack.newUser("john", "12345");
        var response = stack.get("/users/" + john + "/live");
        assertError(response, 401, "unauthorized");
        assertEquals("Basic realm=\"gavel\"", response.header("WWW-Authenticate"));
    }

    @Test
    void shouldRefuseAnotherUsersStream() {
        String john = stack.newUser("john", "12345");
        String otto = stack.newUser("otto", "54321");
        assertError(stack.get("/users/" + john + "/live", TestStack.basic(otto, "54321")), 403, "forbidden");
    }

    @Test
    void shouldRefuseWrongCredentials() {
        String john = stack.newUser("john", "12345");
        assertError(stack.get("/users/" + john + "/live", TestStack.basic(john, "wrong")), 401, "unauthorized");
    }

    @Test
    void shouldTellTheUserWhenOutbidWithBasicOrBearer() throws Exception {
        String john = stack.newUser("john", "12345");
        String otto = stack.newUser("otto", "54321");
        String item = LiveItemStreamTest.newItem(stack, null);
        String token = stack.parse(stack.send("POST", "/auth/tokens", null, TestStack.basic(john, "12345")).body())
                .get("token").toString();
        try (SseReader basic = SseReader.open(port, "/users/" + john + "/live", Map.of("Authorization", TestStack.basic(john, "12345")));
             SseReader bearer = SseReader.open(port, "/users/" + john + "/live", Map.of("Authorization", "Bearer " + token))) {
            assertEquals(200, basic.status());
            assertEquals(200, bearer.status());
            writes.bid(item, john, 1000, 1000, true, 0, "");
            writes.bid(item, otto, 2000, 1100, true, 0, john);

            for (SseReader sse : new SseReader[] {basic, bearer}) {
                SseReader.Sse outbid = sse.nextEvent(WAIT);
                assertNotNull(outbid, "no outbid event");
                assertEquals("outbid", outbid.name());
                assertEquals(Map.of("item", item, "price", 11, "by", otto), stack.parse(outbid.data()));
                assertNull(sse.nextEvent(Duration.ofMillis(200)));
            }
        }
    }

    @Test
    void shouldTellTheWinnerWonAndOtherBiddersLostButNobodyElse() throws Exception {
        // given: john's bid seen live, otto's only in the processor's bidders set (placed earlier), carl never bid
        String john = stack.newUser("john", "12345");
        String otto = stack.newUser("otto", "54321");
        String carl = stack.newUser("carl", "99999");
        String item = LiveItemStreamTest.newItem(stack, null);
        writes.bidder(item, otto);
        String admin = stack.adminAuth();
        try (SseReader johns = SseReader.open(port, "/users/" + john + "/live", Map.of("Authorization", admin));
             SseReader ottos = SseReader.open(port, "/users/" + otto + "/live", Map.of("Authorization", TestStack.basic(otto, "54321")));
             SseReader carls = SseReader.open(port, "/users/" + carl + "/live", Map.of("Authorization", TestStack.basic(carl, "99999")))) {
            writes.bid(item, john, 1500, 1500, true, 0, "");

            // when
            writes.closed(item, john, 1500, "time");

            // then
            SseReader.Sse won = johns.nextEvent(WAIT);
            assertEquals("won", won.name());
            assertEquals(Map.of("item", item, "result", Map.of("winner", john, "price", 15)), stack.parse(won.data()));
            SseReader.Sse lost = ottos.nextEvent(WAIT);
            assertNotNull(lost, "no lost event for a bidder the processor knew");
            assertEquals("lost", lost.name());
            assertEquals(stack.parse(won.data()), stack.parse(lost.data()));
            assertNull(carls.nextEvent(Duration.ofMillis(500)), "an outcome for a user who never bid");
        }
    }

    @Test
    void shouldAnswerNotFoundToAnAdminFollowingAnUnknownUser() {
        assertError(stack.get("/users/" + TestStack.unique("ghost") + "/live", stack.adminAuth()), 404, "not_found");
    }
}
