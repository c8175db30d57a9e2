package dev.gavel.acceptor.handler;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.gavel.acceptor.support.AcceptorFixture;
import dev.gavel.acceptor.support.RawHttp;
import dev.gavel.acceptor.support.TestData;
import dev.gavel.testkit.LogCapture;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every hostile value the contract names, sent to every acceptor endpoint that reads it: each is refused
 * with the contract's 400 (413 for a body over the limit) and its JSON, quickly, and nothing is logged
 * at ERROR or with a stack trace.
 */
class HostileInputHttpTest {

    private static final String JOHN = TestData.basic("john", "12345");
    private static final String ISSUER = TestData.basic("issuer", "issuer-pw");
    /**
     * Not a speed target: a bound that catches a refusal burning CPU (expanding 1e2147483648 runs for
     * minutes), loose enough for a first request that also pays for a slow password hash on a loaded machine.
     */
    private static final long FAST_MILLIS = 10_000;

    /** Numbers no amount may be: out of any range, not numbers at all, or absurdly written. */
    private static final List<String> NUMBERS = List.of("1e2147483648", "1e-2147483649", "1E+2147483647",
            "1e-2147483648", "-1e2147483648", "0e2147483647", "0e-2147483647", "1e999999999", "1e-999999999",
            "NaN", "-NaN", "Infinity", "-Infinity", "+1", "0x10", ".5", "1.", "1e", "--1", "9".repeat(900),
            "0." + "0".repeat(890) + "1");

    /** Names that must never be stored: unpaired UTF-16 surrogates and control characters (as JSON escapes). */
    private static final List<String> NAMES = List.of("\\ud800", "a\\udbff", "\\udc00b", "\\udfff\\ud800", "\\u0000",
            "Salt\\u001fBae", "\\u007f", "Salt\\u0085Bae", "\\u009f", "tab\\there", "line\\nbreak");

    @RegisterExtension
    static final AcceptorFixture fixture = AcceptorFixture.withDefaults();

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @BeforeEach
    void data() {
        fixture.flushAll();
        fixture.user("john", "12345");
        fixture.issuer("issuer", "issuer-pw");
        fixture.openItem(TestData.KEYS.item("999"));
        fixture.shareClass(TestData.KEYS.shareClass("CS"), 2_600_000);
    }

    static Stream<Arguments> hostileRequests() {
        List<Arguments> cases = new ArrayList<>();
        for (String number : NUMBERS) {
            cases.add(bid("bid amount " + abbreviated(number), "{\"amount\": " + number + "}"));
            cases.add(bid("bid amount as string " + abbreviated(number), "{\"amount\": \"" + number + "\"}"));
            cases.add(certificate("share amount " + abbreviated(number),
                    "{\"name\": \"Salt Bae\", \"amount\": " + number + ", \"class\": \"CS\"}"));
        }
        for (String name : NAMES) {
            cases.add(certificate("stakeholder " + name, "{\"name\": \"" + name + "\", \"amount\": 1, \"class\": \"CS\"}"));
            cases.add(certificate("class " + name, "{\"name\": \"Salt Bae\", \"amount\": 1, \"class\": \"" + name + "\"}"));
        }
        cases.add(certificate("stakeholder with a raw control byte", "{\"name\": \"Salt\u0001Bae\", \"amount\": 1, \"class\": \"CS\"}"));
        cases.add(Arguments.of("stakeholder as CESU-8 surrogate bytes", request("POST", "/certificates", ISSUER,
                "Content-Type: application/json\r\n", concat("{\"name\": \"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                        "\", \"amount\": 1, \"class\": \"CS\"}")), 400));
        cases.add(Arguments.of("stakeholder as invalid UTF-8", request("POST", "/certificates", ISSUER,
                "Content-Type: application/json\r\n", concat("{\"name\": \"", new byte[] {(byte) 0xC0, (byte) 0x80},
                        "\", \"amount\": 1, \"class\": \"CS\"}")), 400));
        cases.add(Arguments.of("1 MB numeral as a bid", request("PUT", "/items/999/bids", JOHN,
                "Content-Type: application/json\r\n", ascii("{\"amount\": " + "9".repeat(1 << 20) + "}")), 413));
        cases.add(Arguments.of("1 MB numeric string as a bid", request("PUT", "/items/999/bids", JOHN,
                "Content-Type: application/json\r\n", ascii("{\"amount\": \"" + "9".repeat(1 << 20) + "\"}")), 413));
        cases.add(Arguments.of("1 MB numeral as a share amount", request("POST", "/certificates", ISSUER,
                "Content-Type: application/json\r\n", ascii("{\"name\": \"x\", \"class\": \"CS\", \"amount\": "
                        + "9".repeat(1 << 20) + "}")), 413));
        for (String path : List.of("%00", "%ED%A0%80", "%FF", "a%7Fb", "%C2%85", "a%2Fb", "%ZZ", "a%")) {
            cases.add(Arguments.of("item id " + path + " in a bid", request("PUT", "/items/" + path + "/bids", JOHN, "",
                    new byte[0]), 400));
            cases.add(Arguments.of("item id " + path + " in an impression", request("POST",
                    "/items/" + path + "/impressions", JOHN, "", new byte[0]), 400));
        }
        for (String param : List.of("%00", "%ED%A0%80", "%FF", "a%7Fb", "%C2%85", "%0A", "x".repeat(33), "%ZZ", "%", "a%2")) {
            cases.add(Arguments.of("client context platform=" + param, request("POST",
                    "/items/999/impressions?platform=" + param, JOHN, "", new byte[0]), 400));
            cases.add(Arguments.of("client context session_id=" + param + " on a bid", request("PUT",
                    "/items/999/bids?session_id=" + param, JOHN, "", new byte[0]), 400));
        }
        byte[][] headerValues = {{0x7F}, {'a', (byte) 0x80, 'b'}, {(byte) 0xC2, (byte) 0x85}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xFF}, {'a', '\t', 'b'}};
        for (byte[] value : headerValues) {
            String shown = new String(value, StandardCharsets.ISO_8859_1);
            cases.add(Arguments.of("Idempotency-Key " + escaped(shown) + " on a bid", request("PUT", "/items/999/bids", JOHN,
                    "Idempotency-Key: " + shown + "\r\n", new byte[0]), 400));
            cases.add(Arguments.of("Idempotency-Key " + escaped(shown) + " on a grant", request("POST", "/certificates",
                    ISSUER, "Content-Type: application/json\r\nIdempotency-Key: " + shown + "\r\n",
                    ascii("{\"name\": \"Salt Bae\", \"amount\": 1, \"class\": \"CS\"}")), 400));
            cases.add(Arguments.of("X-Platform " + escaped(shown), request("POST", "/items/999/impressions", JOHN,
                    "X-Platform: " + shown + "\r\n", new byte[0]), 400));
            cases.add(Arguments.of("X-Session-Id " + escaped(shown) + " on a bid", request("PUT", "/items/999/bids", JOHN,
                    "X-Session-Id: " + shown + "\r\n", new byte[0]), 400));
        }
        cases.add(Arguments.of("a request line over the limit", request("PUT", "/items/" + "9".repeat(10_000) + "/bids",
                JOHN, "", new byte[0]), 414));
        cases.add(Arguments.of("headers over the limit", request("PUT", "/items/999/bids", JOHN,
                "X-Filler: " + "f".repeat(10_000) + "\r\n", new byte[0]), 431));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void shouldRefuseHostileInputQuietlyWithTheContractsError(String what, Raw request, int status) {
        // when
        long started = System.nanoTime();
        RawHttp.Answer answer = RawHttp.send(fixture.acceptor().port(), request.head(), request.body());
        long millis = (System.nanoTime() - started) / 1_000_000;

        // then
        assertEquals(status, answer.status(), what + ": " + answer.body());
        JsonObject error = new JsonObject(answer.body());
        assertEquals(status == 413 ? "payload_too_large" : "bad_request", error.getString("error"), answer.body());
        assertTrue(error.getString("message").length() > 0, answer.body());
        assertEquals(2, error.size(), answer.body());
        assertTrue(millis < FAST_MILLIS, what + " took " + millis + " ms");
        assertEquals(List.of(), log.serious(), what);
        assertEquals(null, fixture.probe().text("HGET", TestData.KEYS.shareClass("CS"), "certificates"), "nothing was granted");
    }

    private static Arguments bid(String what, String body) {
        return Arguments.of(what, request("PUT", "/items/999/bids", JOHN, "Content-Type: application/json\r\n",
                body.getBytes(StandardCharsets.UTF_8)), 400);
    }

    private static Arguments certificate(String what, String body) {
        return Arguments.of(what, request("POST", "/certificates", ISSUER, "Content-Type: application/json\r\n",
                body.getBytes(StandardCharsets.UTF_8)), 400);
    }

    private static Raw request(String method, String path, String authorization, String headers, byte[] body) {
        byte[] head = (method + " " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: " + authorization + "\r\n"
                + headers).getBytes(StandardCharsets.ISO_8859_1);
        return new Raw(head, body);
    }

    /** A request as exact bytes: its request line and headers, and its body. */
    record Raw(byte[] head, byte[] body) {
    }

    private static byte[] concat(String before, byte[] middle, String after) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        bytes.writeBytes(middle);
        bytes.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return bytes.toByteArray();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String abbreviated(String text) {
        return text.length() > 24 ? text.substring(0, 12) + "…(" + text.length() + " chars)" : text;
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            out.append(c >= 0x20 && c < 0x7F ? String.valueOf(c) : String.format("\\x%02X", (int) c));
        }
        return out.toString();
    }
}
