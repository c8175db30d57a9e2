package dev.gavel.query.live;

import dev.gavel.contract.MicroTime;
import dev.gavel.contract.RedisKeys;
import dev.gavel.query.support.TestStack;
import io.lettuce.core.ScriptOutputType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The streams fed by the acceptor's own bid script (run here as the acceptor runs it, one EVAL per bid):
 * maximum bids and their automatic bids, the outbid, and a replay that shows every bid as it was shown live.
 */
class LiveBidScriptTest {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final long CEILING_CENTS = 4321;

    private static TestStack stack;
    private static RedisKeys keys;
    private static String script;
    private static int port;

    @BeforeAll
    static void start() throws IOException {
        stack = TestStack.get();
        keys = stack.context().getBean(RedisKeys.class);
        script = Files.readString(Path.of("../acceptor/src/main/resources/lua/bid.lua"));
        port = stack.uri("/").getPort();
    }

    @Test
    void shouldShowMaximumBidsWithoutTheirCeilingAndTellTheDisplacedLeader() throws Exception {
        String john = stack.newUser("john", "12345");
        String otto = stack.newUser("otto", "54321");
        String item = LiveItemStreamTest.newItem(stack, null);
        List<SseReader.Sse> live = new ArrayList<>();
        try (SseReader itemStream = SseReader.open(port, "/items/" + item + "/live", Map.of());
             SseReader johns = SseReader.open(port, "/users/" + john + "/live", Map.of("Authorization", TestStack.basic(john, "12345")))) {
            // when: john leads with a maximum bid, otto bids under it (john's automatic bid follows), then over it
            bid(item, john, 1000, CEILING_CENTS);
            bid(item, otto, 2000, 0);
            bid(item, otto, 5000, 0);

            // then: four bids, the automatic one marked, no ceiling anywhere
            for (int i = 0; i < 4; i++) {
                SseReader.Sse event = itemStream.nextEvent(WAIT);
                assertNotNull(event, "bid " + (i + 1) + " missing");
                live.add(event);
            }
            assertEquals(List.of("1", "2", "3", "4"), live.stream().map(SseReader.Sse::id).toList());
            Map<String, Object> automatic = stack.parse(live.get(2).data());
            assertEquals(john, automatic.get("user"));
            assertEquals(true, automatic.get("auto"));
            assertEquals(true, automatic.get("leading"));
            for (SseReader.Sse event : live) {
                assertFalse(event.data().contains("43.21"), "a ceiling in " + event.data());
            }

            // and john hears once that otto took the lead
            SseReader.Sse outbid = johns.nextEvent(WAIT);
            assertNotNull(outbid, "no outbid event");
            assertEquals("outbid", outbid.name());
            Map<String, Object> data = stack.parse(outbid.data());
            assertEquals(item, data.get("item"));
            assertEquals(otto, data.get("by"));
            assertEquals(stack.parse(live.get(3).data()).get("price"), data.get("price"));
            assertNull(johns.nextEvent(Duration.ofMillis(300)));
        }

        // and a resume from the start replays each bid exactly as it was shown live
        try (SseReader replay = SseReader.open(port, "/items/" + item + "/live", Map.of("Last-Event-ID", "0"))) {
            for (SseReader.Sse shown : live) {
                SseReader.Sse again = replay.nextEvent(WAIT);
                assertEquals(shown, again);
            }
        }
    }

    private static void bid(String item, String user, long amountCents, long ceilingCents) {
        String[] keyNames = {keys.item(item), keys.itemBids(item), keys.eventsOf(item), keys.itemStandings(item),
                RedisKeys.closing(keys.partitionOf(item))};
        List<Object> reply = stack.commands().eval(script, ScriptOutputType.MULTI, keyNames, item, user,
                Long.toString(amountCents), Long.toString(MicroTime.nowMicros()), "", "", "", "",
                ceilingCents == 0 ? "" : Long.toString(ceilingCents));
        assertEquals("ok", reply.get(0), reply.toString());
    }
}
