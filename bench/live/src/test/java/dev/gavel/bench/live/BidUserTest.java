package dev.gavel.bench.live;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BidUserTest {

    private final BidUser user = new BidUser("bench-live");

    private boolean matches(String json) {
        byte[] data = json.getBytes(StandardCharsets.UTF_8);
        return user.matches(data, data.length);
    }

    @Test
    void matchesTheUserFieldWhateverTheSpacing() {
        assertTrue(matches("{\"seq\":3,\"user\":\"bench-live\",\"amount\":1.0}"));
        assertTrue(matches("{\"seq\": 3, \"user\" : \"bench-live\"}"));
    }

    @Test
    void refusesOtherUsersPrefixesAndOtherFields() {
        assertFalse(matches("{\"seq\":3,\"user\":\"bench-user-1\"}"));
        assertFalse(matches("{\"seq\":3,\"user\":\"bench-live-2\"}"));
        assertFalse(matches("{\"by\":\"bench-live\",\"user\":\"other\"}"));
        assertFalse(matches("{\"user\":"));
    }

    @Test
    void looksOnlyAtTheGivenLength() {
        byte[] data = "{\"user\":\"bench-live\"}".getBytes(StandardCharsets.UTF_8);
        assertFalse(user.matches(data, data.length - 3));
    }
}
