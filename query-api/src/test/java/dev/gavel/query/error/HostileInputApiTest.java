package dev.gavel.query.error;

import dev.gavel.query.support.Response;
import dev.gavel.query.support.TestStack;
import dev.gavel.testkit.LogCapture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import static dev.gavel.query.support.Assertions.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every hostile value the contract names, sent to every query-api endpoint that reads it (JSON bodies,
 * limit and after on every list): each is refused with the contract's 400 (413 for a body over the
 * limit) quickly, and nothing is logged at ERROR or with a stack trace.
 */
class HostileInputApiTest {

    /**
     * Not a speed target: a bound that catches a refusal burning CPU (expanding 1e2147483648 runs for
     * minutes), loose enough for a first request that also pays for a slow password hash on a loaded machine.
     */
    private static final long FAST_MILLIS = 10_000;
    private static final TestStack STACK = TestStack.get();
    private static final String USER = TestStack.unique("hostile");
    private static final String CLASS = "H" + TestStack.unique("c").substring(2);

    /** Numbers no count, limit or identifier may be. */
    private static final List<String> NUMBERS = List.of("1e2147483648", "1e-2147483649", "1E+2147483647",
            "-1e2147483648", "0e2147483647", "1e999999999", "NaN", "-NaN", "Infinity", "-Infinity", "+1", "0x10",
            "1.", "9".repeat(5000), "1e", "2.5");

    /** Text that must never be stored: unpaired UTF-16 surrogates and control characters, as JSON escapes. */
    private static final List<String> NAMES = List.of("\\ud800", "a\\udbff", "\\udc00b", "\\udfff\\ud800", "\\u0000",
            "Salt\\u001fBae", "\\u007f", "Salt\\u0085Bae", "\\u009f", "line\\nbreak");

    /** Cursors no list ever returned: not base64url, not canonical, not UTF-8, or nothing any list could hold. */
    private static final List<String> CURSORS = List.of("!!!", "A", "QUJD====", "QQ=", "%25", "%00", "%ZZ", "a%",
            b64(new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xFD}), b64("\u0000"), b64("x".repeat(600)),
            b64("99999999999999999999999|\u0000|99999999999999999999"));

    @RegisterExtension
    final LogCapture log = new LogCapture();

    @BeforeAll
    static void data() {
        STACK.postJson("/users", "{\"username\":\"" + USER + "\",\"password\":\"secret1\"}");
        Response created = STACK.send("POST", "/share-classes",
                "{\"code\":\"" + CLASS + "\",\"name\":\"Hostile\",\"authorized\":10}", STACK.adminAuth());
        assertEquals(201, created.status(), created.body());
    }

    static Stream<Arguments> hostileRequests() {
        String admin = TestStack.get().adminAuth();
        List<Arguments> cases = new ArrayList<>();
        for (String number : NUMBERS) {
            String shown = abbreviated(number);
            cases.add(post("authorized " + shown, "/share-classes",
                    "{\"code\":\"X1\",\"name\":\"n\",\"authorized\":" + number + "}", admin));
            cases.add(post("authorized as string " + shown, "/share-classes",
                    "{\"code\":\"X1\",\"name\":\"n\",\"authorized\":\"" + number + "\"}", admin));
            cases.add(post("opens_at as number " + shown, "/items", "{\"title\":\"t\",\"opens_at\":" + number + "}", admin));
            // A number where a string belongs is a type error, not a name spelled with digits.
            cases.add(post("item title as number " + shown, "/items", "{\"title\":" + number + "}", admin));
            cases.add(post("item id as number " + shown, "/items", "{\"id\":" + number + ",\"title\":\"t\"}", admin));
            cases.add(post("item description as number " + shown, "/items",
                    "{\"title\":\"t\",\"description\":" + number + "}", admin));
            cases.add(post("username as number " + shown, "/users", "{\"username\":" + number + ",\"password\":\"secret1\"}", null));
            cases.add(post("password as number " + shown, "/users",
                    "{\"username\":\"" + TestStack.unique("num") + "\",\"password\":" + number + "}", null));
            cases.add(post("share-class name as number " + shown, "/share-classes",
                    "{\"code\":\"X4\",\"name\":" + number + ",\"authorized\":1}", admin));
            cases.add(Arguments.of("new password as number " + shown, "PATCH", "/users/" + USER,
                    "{\"password\":" + number + "}", admin, 400));
            for (String list : List.of("/users", "/items", "/items/999/bids", "/users/" + USER + "/bids",
                    "/certificates?class=" + CLASS, "/events", "/events/dead-letter")) {
                if (number.length() < 100) {
                    cases.add(get("limit=" + shown + " on " + list, list + (list.contains("?") ? "&" : "?")
                            + "limit=" + url(number), admin));
                }
            }
        }
        for (String name : NAMES) {
            cases.add(post("share-class name " + name, "/share-classes",
                    "{\"code\":\"X2\",\"name\":\"" + name + "\",\"authorized\":1}", admin));
            cases.add(post("item title " + name, "/items", "{\"title\":\"" + name + "\"}", admin));
            cases.add(post("username " + name, "/users", "{\"username\":\"" + name + "\",\"password\":\"secret1\"}", null));
            cases.add(post("item id " + name, "/items", "{\"id\":\"" + name + "\",\"title\":\"t\"}", admin));
            cases.add(post("opens_at " + name, "/items", "{\"title\":\"t\",\"opens_at\":\"" + name + "\"}", admin));
        }
        for (String name : List.of("\\ud800", "a\\udbff", "\\udc00b", "\\u0000", "\\u007f", "\\u0085")) {
            cases.add(post("item description " + name, "/items", "{\"title\":\"t\",\"description\":\"" + name + "\"}", admin));
            cases.add(post("password " + name, "/users", "{\"username\":\"" + TestStack.unique("pw")
                    + "\",\"password\":\"secret" + name + "\"}", null));
            cases.add(Arguments.of("new password " + name, "PATCH", "/users/" + USER,
                    "{\"password\":\"secret" + name + "\"}", admin, 400));
        }
        for (String broken : List.of("%ZZ", "a%", "%E")) {
            cases.add(get("limit=" + broken, "/items?limit=" + broken, admin));
            cases.add(get("statistics platform=" + broken, "/statistics?platform=" + broken, admin));
        }
        String big = "9".repeat(1 << 20);
        cases.add(post("1 MB numeral as authorized", "/share-classes", "{\"code\":\"X3\",\"name\":\"n\",\"authorized\":" + big + "}", admin, 413));
        cases.add(post("1 MB numeric string as authorized", "/share-classes", "{\"code\":\"X3\",\"name\":\"n\",\"authorized\":\"" + big + "\"}", admin, 413));
        cases.add(post("1 MB numeral as a username", "/users", "{\"username\":" + big + ",\"password\":\"secret1\"}", null, 413));
        cases.add(post("1 MB numeral as an item id", "/items", "{\"id\":\"" + big + "\",\"title\":\"t\"}", admin, 413));
        List<String> lists = List.of("/users", "/items", "/items/999/bids", "/users/" + USER + "/bids",
                "/certificates?class=" + CLASS, "/events", "/events/dead-letter");
        for (String list : lists) {
            for (String cursor : CURSORS) {
                cases.add(get("after=" + abbreviated(cursor) + " on " + list, list + (list.contains("?") ? "&" : "?")
                        + "after=" + cursor, admin));
            }
        }
        for (String cursor : List.of(b64("9223372036854775807"), b64("-1"), b64("0"), b64("+5"), b64(" 5"), b64("5\n"),
                b64("05"), b64("1e3"))) {
            cases.add(get("after=" + cursor + " on an item's bids", "/items/999/bids?after=" + cursor, admin));
            cases.add(get("after=" + cursor + " on certificates", "/certificates?class=" + CLASS + "&after=" + cursor, admin));
        }
        for (String cursor : List.of(b64("1|\u0000"), b64("-9223372036854775809|x"), b64("1|"), b64("x|1"), b64("1"),
                b64("1|" + "x".repeat(300)))) {
            cases.add(get("after=" + cursor + " on events", "/events?after=" + cursor, admin));
        }
        for (String cursor : List.of(b64("18446744073709551616-0|0"), b64("1-1|-5"), b64("1-1|99999"), b64("1-1|"),
                b64("1-18446744073709551616|0"))) {
            cases.add(get("after=" + cursor + " on dead letters", "/events/dead-letter?after=" + cursor, admin));
        }
        for (String cursor : List.of(b64("1|a/b"), b64("99999999999999999999|x"), b64("1|\u0000"))) {
            cases.add(get("after=" + cursor + " on a user's bids", "/users/" + USER + "/bids?after=" + cursor, admin));
        }
        for (String cursor : List.of(b64("a b"), b64("admin\u0000"), b64("\ud800"))) {
            cases.add(get("after=" + cursor + " on users", "/users?after=" + cursor, admin));
            cases.add(get("after=" + cursor + " on items", "/items?after=" + cursor, admin));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileRequests")
    void shouldRefuseHostileInputQuietlyWithTheContractsError(String what, String method, String path, String body,
                                                              String authorization, int status) {
        // when
        long started = System.nanoTime();
        Response response = "GET".equals(method) && !wellFormed(path)
                ? STACK.getRaw(path, authorization) : send(method, path, body, authorization);
        long millis = (System.nanoTime() - started) / 1_000_000;

        // then
        assertError(response, status, status == 413 ? "payload_too_large" : "bad_request");
        assertTrue(millis < FAST_MILLIS, what + " took " + millis + " ms");
        assertEquals(List.of(), log.serious(), what);
    }

    private static Response send(String method, String path, String body, String authorization) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + STACK.uri("/").getPort() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return STACK.send(request);
    }

    /** False for a target with a broken percent-escape, which only a raw request can carry. */
    private static boolean wellFormed(String path) {
        try {
            URI.create(path);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Test
    void shouldAnswerALongUriThatNginxLetsThroughAsAnyOtherLookup() {
        // given: 6000 characters, under nginx's 8 KiB request line, over Netty's default 4 KiB
        String path = "/items/" + "x".repeat(6000);

        // when
        Response response = STACK.get(path);

        // then: not 413 payload_too_large (there is no body)
        assertError(response, 404, "not_found");
    }

    private static Arguments post(String what, String path, String body, String authorization) {
        return post(what, path, body, authorization, 400);
    }

    private static Arguments post(String what, String path, String body, String authorization, int status) {
        return Arguments.of(what, "POST", path, body, authorization, status);
    }

    private static Arguments get(String what, String pathAndQuery, String authorization) {
        return Arguments.of(what, "GET", pathAndQuery, null, authorization, 400);
    }

    private static String b64(String text) {
        return b64(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String url(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String abbreviated(String text) {
        return text.length() > 24 ? text.substring(0, 12) + "…(" + text.length() + " chars)" : text;
    }
}
