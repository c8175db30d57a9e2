package dev.gavel.query.auth;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClientAddressesTest {

    private final ClientAddresses addresses = new ClientAddresses(new AbuseConfig());

    @Test
    void shouldIgnoreForwardedHeadersFromAPeerThatIsNotATrustedProxy() {
        assertEquals("203.0.113.9", addresses.resolve("203.0.113.9", List.of("10.0.0.1"), "10.0.0.2"));
    }

    @Test
    void shouldTakeTheRightmostUntrustedHopBehindATrustedProxy() {
        assertEquals("198.51.100.7", addresses.resolve("127.0.0.1", List.of("6.6.6.6, 198.51.100.7"), null));
        assertEquals("198.51.100.7", addresses.resolve("127.0.0.1", List.of("6.6.6.6", "198.51.100.7, 127.0.0.1"), null));
    }

    @Test
    void shouldStopAtAMalformedHopAndKeepTheLastGoodOne() {
        assertEquals("198.51.100.7", addresses.resolve("127.0.0.1", List.of("junk, 198.51.100.7"), null));
        assertEquals("127.0.0.1", addresses.resolve("127.0.0.1", List.of("not-an-ip"), null));
    }

    @Test
    void shouldUseXRealIpOnlyWithoutXForwardedFor() {
        assertEquals("192.0.2.4", addresses.resolve("::1", List.of(), "192.0.2.4"));
        assertEquals("192.0.2.5", addresses.resolve("::1", List.of("192.0.2.5"), "192.0.2.4"));
    }

    @Test
    void shouldTrustConfiguredCidrBlocksOnly() {
        AbuseConfig config = new AbuseConfig();
        config.setTrustedProxies(List.of("172.16.0.0/12"));
        ClientAddresses behindCompose = new ClientAddresses(config);

        assertEquals("192.0.2.1", behindCompose.resolve("172.18.0.5", List.of("192.0.2.1"), null));
        assertEquals("127.0.0.1", behindCompose.resolve("127.0.0.1", List.of("192.0.2.1"), null));
        config.setTrustedProxies(List.of("proxy.example"));
        assertThrows(IllegalArgumentException.class, () -> new ClientAddresses(config));
    }
}
