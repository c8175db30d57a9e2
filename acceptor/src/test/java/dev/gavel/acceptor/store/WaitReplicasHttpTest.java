package dev.gavel.acceptor.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.gavel.acceptor.AcceptorConfig;
import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.testkit.RedisServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GAVEL_REDIS_WAIT_REPLICAS=1 on one Redis: a write is answered 201 only once a replica has it. */
class WaitReplicasHttpTest {

    private static final String ITEM_KEY = TestData.KEYS.item("999");
    private static final String JOHN = TestData.basic("john", "12345");

    @RegisterExtension
    final AcceptorFixture fixture = AcceptorFixture.withConfig(Map.of(AcceptorConfig.REDIS_WAIT_REPLICAS, "1",
            AcceptorConfig.REDIS_TIMEOUT_MS, "2000"));

    @Test
    void shouldAnswerOutcomeUnknownWithoutAReplicaAndRecordedOnceOneHasIt() {
        // given
        fixture.user("john", "12345");
        fixture.openItem(ITEM_KEY);

        // when: no replica
        HttpResponse<String> unconfirmed = fixture.acceptor().bid("999", "{\"amount\": 1}", JOHN);

        // then: on the primary, not answered as recorded
        assertEquals(504, unconfirmed.statusCode(), unconfirmed.body());
        assertEquals("outcome_unknown", new JsonObject(unconfirmed.body()).getString("error"));
        assertEquals(1, fixture.probe().list(ITEM_KEY + ":bids").size());

        // when: a replica follows it
        try (RedisServer replica = RedisServer.startFresh()) {
            replica.command("REPLICAOF", "127.0.0.1", Integer.toString(fixture.redis().port()));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
            HttpResponse<String> confirmed;
            do {
                confirmed = fixture.acceptor().bid("999", "{\"amount\": 2}", JOHN);
            } while (confirmed.statusCode() != 201 && Instant.now().isBefore(deadline));

            // then
            assertEquals(201, confirmed.statusCode(), confirmed.body());
            long seq = new JsonObject(confirmed.body()).getLong("seq");
            assertEquals(":" + seq, replica.command("LLEN", ITEM_KEY + ":bids"));
        }
    }
}
