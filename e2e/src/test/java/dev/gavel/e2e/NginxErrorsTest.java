package dev.gavel.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.gavel.testkit.FreePort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * nginx as the project configures it, started alone in front of stand-in upstreams: its own refusals
 * answer in the contract's JSON, and for a write it says 503 unavailable only when nothing was passed
 * on, 504 outcome_unknown when the request reached an upstream that gave no complete answer.
 */
class NginxErrorsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path ROOT = Path.of(System.getProperty("gavel.root", "..")).toAbsolutePath().normalize();
    private static final Path HOME = Path.of(System.getProperty("gavel.e2e.home", "target/e2e-home") + "-nginx")
            .toAbsolutePath();
    private static final String BID = "PUT /items/999/bids HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n";

    @Test
    void shouldAnswerUnavailableWhenNoUpstreamCouldBeReached() {
        // given: nothing listens on either upstream port
        try (LocalNginx nginx = start(FreePort.next(), FreePort.next(), 64, UnaryOperator.identity())) {
            // when
            Answer bid = send(nginx, BID, "{\"amount\": 1}");
            Answer read = send(nginx, "GET /items/999 HTTP/1.1\r\nHost: x\r\n", "");

            // then
            assertError(bid, 503, "unavailable");
            assertError(read, 503, "unavailable");
        }
    }

    @Test
    void shouldAnswerOutcomeUnknownWhenTheUpstreamClosedWithoutAnswering() {
        // given
        try (SilentUpstream acceptor = SilentUpstream.closingAfterRequest();
             LocalNginx nginx = start(acceptor.port(), FreePort.next(), 64, UnaryOperator.identity())) {
            // when
            Answer bid = send(nginx, BID, "{\"amount\": 1}");
            Answer grant = send(nginx, "POST /certificates HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n",
                    "{\"name\": \"a\", \"amount\": 1, \"class\": \"CS\"}");

            // then
            assertError(bid, 504, "outcome_unknown");
            assertError(grant, 504, "outcome_unknown");
            assertEquals(2, acceptor.received(), "each write was passed on once, never re-sent");
        }
    }

    @Test
    void shouldAnswerOutcomeUnknownWhenTheUpstreamDidNotAnswerInTime() {
        // given: the upstream read timeout cut to 1 s so the test need not wait 30 s
        try (SilentUpstream acceptor = SilentUpstream.neverAnswering();
             LocalNginx nginx = start(acceptor.port(), FreePort.next(), 64, shorter("proxy_read_timeout 30s;", "1s"))) {
            // when
            long started = System.nanoTime();
            Answer bid = send(nginx, BID, "{\"amount\": 1}");

            // then
            assertError(bid, 504, "outcome_unknown");
            assertTrue(System.nanoTime() - started < 5_000_000_000L);
            assertEquals(1, acceptor.received());
        }
    }

    @Test
    void shouldAnswerItsOwnRefusalsInTheContractsJson() {
        try (LocalNginx nginx = start(FreePort.next(), FreePort.next(), 64, shorter("client_body_timeout 10s;", "1s"))) {
            assertError(sendRaw(nginx, "NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), 400, "bad_request");
            assertError(send(nginx, "GET /items/" + "x".repeat(40_000) + " HTTP/1.1\r\nHost: x\r\n", ""), 414, "bad_request");
            assertError(send(nginx, "GET /items HTTP/1.1\r\nHost: x\r\nX-Big: " + "y".repeat(10_000) + "\r\n", ""),
                    431, "bad_request");
            assertError(send(nginx, BID, "{\"amount\": " + "9".repeat(2048) + "}"), 413, "payload_too_large");
            assertError(send(nginx, "GET /metrics HTTP/1.1\r\nHost: x\r\n", ""), 404, "not_found");
            assertError(send(nginx, "GET /acceptor/metrics HTTP/1.1\r\nHost: x\r\n", ""), 404, "not_found");
            assertError(send(nginx, "GET /__gavel_error/internal HTTP/1.1\r\nHost: x\r\n", ""), 404, "not_found");
        }
    }

    @Test
    void shouldCloseTheConnectionOfAClientTooSlowToSendItsBody() throws IOException {
        // given: the body timeout cut to 1 s; nginx never writes a 408 for a timeout, it closes
        try (LocalNginx nginx = start(FreePort.next(), FreePort.next(), 64, shorter("client_body_timeout 10s;", "1s"));
             Socket socket = new Socket("127.0.0.1", nginx.port())) {
            socket.setSoTimeout(5_000);
            long started = System.nanoTime();

            // when: 20 bytes announced, 5 sent
            socket.getOutputStream().write((BID + "Content-Length: 20\r\n\r\n{\"amo").getBytes(StandardCharsets.US_ASCII));

            // then: closed after the timeout, with no answer (so no HTML page either)
            assertEquals(-1, socket.getInputStream().read());
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertTrue(millis >= 900 && millis < 4_000, "closed after " + millis + " ms");
        }
    }

    @Test
    void shouldLimitTheConnectionsOfOneAddress() throws Exception {
        // given: two requests of this address in progress (held by an upstream that never answers)
        try (SilentUpstream acceptor = SilentUpstream.neverAnswering();
             LocalNginx nginx = start(acceptor.port(), FreePort.next(), 2, shorter("proxy_read_timeout 30s;", "5s"))) {
            List<CompletableFuture<Answer>> held = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                held.add(CompletableFuture.supplyAsync(() -> send(nginx, BID, "{\"amount\": 1}")));
            }
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (acceptor.received() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }

            // when
            Answer third = send(nginx, "GET /items HTTP/1.1\r\nHost: x\r\n", "");

            // then
            assertError(third, 429, "too_many_requests");
            assertTrue(third.head().contains("\r\nRetry-After: "), third.head());
            for (CompletableFuture<Answer> request : held) {
                assertError(request.get(), 504, "outcome_unknown");
            }
        }
    }

    @Test
    void shouldNeverRunItsWorkersAsRoot() throws IOException {
        try (LocalNginx nginx = start(FreePort.next(), FreePort.next(), 64, UnaryOperator.identity())) {
            List<Long> workers = childrenOf(nginx.pid());
            assertTrue(!workers.isEmpty(), "nginx has workers");
            for (long worker : workers) {
                String uid = Files.readAllLines(Path.of("/proc", Long.toString(worker), "status")).stream()
                        .filter(line -> line.startsWith("Uid:")).findFirst().orElseThrow();
                assertNotEquals("0", uid.split("\\s+")[1], "worker " + worker + " runs as root: " + uid);
            }
            // and the workers can still buffer a body into their temp directory (written as their user)
            assertError(send(nginx, "POST /users HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n",
                    "{\"password\": \"" + "p".repeat(40_000) + "\"}"), 503, "unavailable");
        }
    }

    private static LocalNginx start(int acceptorPort, int queryPort, int connections, UnaryOperator<String> adjust) {
        return LocalNginx.start(ROOT, HOME, acceptorPort, queryPort, connections, adjust);
    }

    /** Rewrites one directive of the rendered routing; fails if the template no longer has it. */
    private static UnaryOperator<String> shorter(String directive, String value) {
        return config -> {
            assertTrue(config.contains(directive), "the template has " + directive);
            return config.replace(directive, directive.substring(0, directive.indexOf(' ')) + " " + value + ";");
        };
    }

    private static List<Long> childrenOf(long pid) throws IOException {
        List<Long> children = new ArrayList<>();
        try (var entries = Files.list(Path.of("/proc"))) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(entry.resolve("stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    if (Long.parseLong(fields[1]) == pid) {
                        children.add(Long.parseLong(name));
                    }
                } catch (IOException gone) {
                    // the process ended while we looked
                }
            }
        }
        return children;
    }

    private static void assertError(Answer answer, int status, String code) {
        assertEquals(status, answer.status(), answer.toString());
        assertTrue(answer.head().toLowerCase().contains("content-type: application/json"), answer.head());
        try {
            JsonNode body = JSON.readTree(answer.body());
            assertEquals(code, body.path("error").asText(), answer.body());
            assertTrue(body.path("message").asText().length() > 0, answer.body());
            assertEquals(2, body.size(), answer.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer, e);
        }
    }

    private static Answer send(LocalNginx nginx, String head, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return sendRaw(nginx, (head + "Content-Length: " + bytes.length + "\r\nConnection: close\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static Answer sendRaw(LocalNginx nginx, byte[] request) {
        try (Socket socket = new Socket("127.0.0.1", nginx.port())) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
            } catch (SocketException refusedEarly) {
                // nginx answered before reading everything (an oversized request); the answer is waiting.
            }
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                    answer.write(buffer, 0, n);
                }
            } catch (SocketException reset) {
                if (answer.size() == 0) {
                    throw reset;
                }
            }
            String text = answer.toString(StandardCharsets.UTF_8);
            int end = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 ") || end < 0) {
                throw new AssertionError("not an HTTP answer: '" + text + "'\n" + nginx.errorLog());
            }
            return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(0, end), text.substring(end + 4));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Answer(int status, String head, String body) {
    }
}
