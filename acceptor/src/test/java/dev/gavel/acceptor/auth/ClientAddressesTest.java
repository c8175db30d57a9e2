package dev.gavel.acceptor.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClientAddressesTest {

    private final ClientAddresses addresses = new ClientAddresses(List.of("127.0.0.0/8", "::1"));

    @Test
    void shouldIgnoreForwardedHeadersFromAPeerThatIsNotATrustedProxy() {
        assertEquals("203.0.113.9", addresses.resolve("203.0.113.9", List.of("10.0.0.1"), "10.0.0.2"));
    }

    @Test
    void shouldTakeTheRightmostUntrustedHopBehindATrustedProxy() {
        assertEquals("198.51.100.7", addresses.resolve("127.0.0.1", List.of("6.6.6.6, 198.51.100.7"), null));
        assertEquals("198.51.100.7", addresses.resolve("0:0:0:0:0:0:0:1", List.of("6.6.6.6", "198.51.100.7, 127.0.0.1"), null));
        assertEquals("192.0.2.4", addresses.resolve("127.0.0.1", List.of(), "192.0.2.4"));
        assertEquals("127.0.0.1", addresses.resolve("127.0.0.1", List.of("junk"), null));
    }
}
