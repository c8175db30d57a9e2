package dev.gavel.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ForwardedClientsTest {

    private final ForwardedClients loopback = new ForwardedClients(List.of("127.0.0.0/8", "::1"));

    @Test
    void shouldIgnoreForwardedHeadersFromAPeerThatIsNotATrustedProxy() {
        assertEquals("203.0.113.9", loopback.resolve("203.0.113.9", List.of("10.0.0.1"), "10.0.0.2"));
    }

    @Test
    void shouldTakeTheRightmostUntrustedHopBehindATrustedProxy() {
        assertEquals("198.51.100.7", loopback.resolve("127.0.0.1", List.of("6.6.6.6, 198.51.100.7"), null));
        assertEquals("198.51.100.7", loopback.resolve("127.0.0.1", List.of("6.6.6.6", "198.51.100.7, 127.0.0.1"), null));
        assertEquals("198.51.100.7", loopback.resolve("0:0:0:0:0:0:0:1", List.of("6.6.6.6", "198.51.100.7, 127.0.0.1"), null));
    }

    @Test
    void shouldStopAtAMalformedHopAndKeepTheLastGoodOne() {
        assertEquals("198.51.100.7", loopback.resolve("127.0.0.1", List.of("junk, 198.51.100.7"), null));
        assertEquals("127.0.0.1", loopback.resolve("127.0.0.1", List.of("not-an-ip"), null));
        assertEquals("127.0.0.1", loopback.resolve("127.0.0.1", List.of("localhost"), null));
    }

    @Test
    void shouldUseXRealIpOnlyWithoutXForwardedFor() {
        assertEquals("192.0.2.4", loopback.resolve("::1", List.of(), "192.0.2.4"));
        assertEquals("192.0.2.4", loopback.resolve("127.0.0.1", List.of(), "192.0.2.4"));
        assertEquals("192.0.2.5", loopback.resolve("::1", List.of("192.0.2.5"), "192.0.2.4"));
    }

    @Test
    void shouldTrustALocalSocketsPeerWhateverTheTrustedAddresses() {
        ForwardedClients noProxies = new ForwardedClients(List.of());
        assertEquals("198.51.100.7", noProxies.resolveLocal(List.of("6.6.6.6, 198.51.100.7"), null));
        assertEquals("198.51.100.7", loopback.resolveLocal(List.of("198.51.100.7, 127.0.0.1"), null));
        assertEquals("192.0.2.4", loopback.resolveLocal(List.of(), "192.0.2.4"));
        assertEquals(ForwardedClients.LOCAL, loopback.resolveLocal(List.of(), null));
        assertEquals(ForwardedClients.LOCAL, loopback.resolveLocal(List.of("not-an-ip"), null));
    }

    @Test
    void shouldAnswerUnknownWithoutAPeer() {
        assertEquals(ForwardedClients.UNKNOWN, loopback.resolve(null, List.of("192.0.2.5"), null));
    }

    @Test
    void shouldTrustConfiguredCidrBlocksOnly() {
        ForwardedClients behindCompose = new ForwardedClients(List.of("172.16.0.0/12"));

        assertEquals("192.0.2.1", behindCompose.resolve("172.18.0.5", List.of("192.0.2.1"), null));
        assertEquals("127.0.0.1", behindCompose.resolve("127.0.0.1", List.of("192.0.2.1"), null));
        assertThrows(IllegalArgumentException.class, () -> new ForwardedClients(List.of("proxy.example")));
        assertThrows(IllegalArgumentException.class, () -> new ForwardedClients(List.of("10.0.0.0/33")));
    }

    @Test
    void shouldReadOnlyLiteralAddressesNeverHostNames() {
        assertArrayEquals(new byte[] {(byte) 192, 0, 2, 1}, TrustedProxies.literal(" 192.0.2.1 "));
        assertArrayEquals(new byte[] {127, 0, 0, 1}, TrustedProxies.literal("::ffff:127.0.0.1"));
        assertEquals(16, TrustedProxies.literal("2001:db8::1").length);
        assertNull(TrustedProxies.literal("localhost"));
        assertNull(TrustedProxies.literal("256.1.1.1"));
        assertNull(TrustedProxies.literal("1.2.3"));
        assertNull(TrustedProxies.literal("1:2"));
        assertNull(TrustedProxies.literal(""));
    }

    @Test
    void shouldTakeDottedQuadsExactlyAsWrittenAndNothingLikeThem() {
        assertArrayEquals(new byte[] {(byte) 255, (byte) 255, (byte) 255, (byte) 255}, TrustedProxies.literal("255.255.255.255"));
        assertArrayEquals(new byte[] {0, 0, 0, 0}, TrustedProxies.literal("0.0.0.0"));
        assertArrayEquals(new byte[] {10, (byte) 200, 9, 99}, TrustedProxies.literal("10.200.9.99"));
        // a leading zero reads as octal in some parsers: refused, as is anything but four parts of digits
        for (String bad : List.of("01.2.3.4", "1.2.3.04", "1.2.3.4.", ".1.2.3", "1..2.3", "1.2.3.4.5", "1.2.3.1000",
                "1.2.3.-4", "1.2.3.4 5", "1.2.3.+4", "١.2.3.4")) {
            assertNull(TrustedProxies.literal(bad), bad);
        }
    }

    @Test
    void shouldAllowOnlyTheContractsCharactersAndLengthsInIdentifiers() {
        assertTrue(Identifiers.isUsername("alice.B_9-x"));
        assertTrue(Identifiers.isUsername("a".repeat(32)));
        assertFalse(Identifiers.isUsername("a".repeat(33)));
        assertTrue(Identifiers.isItemId("i".repeat(64)));
        assertFalse(Identifiers.isItemId("i".repeat(65)));
        for (String bad : List.of("", "a b", "a/b", "a:b", "é", "a\nb", "a|b", "{p1}")) {
            assertFalse(Identifiers.isUsername(bad), bad);
            assertFalse(Identifiers.isItemId(bad), bad);
        }
        assertFalse(Identifiers.isUsername(null));
        assertFalse(Identifiers.isItemId(null));
    }
}
