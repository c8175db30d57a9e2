package dev.gavel.query.server;

import dev.gavel.query.support.TestStack;
import io.micronaut.http.netty.channel.EventLoopGroupRegistry;
import io.micronaut.runtime.server.EmbeddedServer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** GAVEL_QUERY_SOCKET: the API on a local socket for nginx, beside the TCP port. */
class LocalSocketApiTest {

    @TempDir
    static Path dir;

    private static Path socket;
    private static EmbeddedServer instance;

    @BeforeAll
    static void start() {
        socket = dir.resolve("query.sock");
        instance = TestStack.get().startAnotherInstance(Map.of(
                "gavel.socket", socket.toString(),
                "gavel.abuse.registrations-per-minute", 3));
    }

    @AfterAll
    static void stop() {
        instance.stop();
    }

    @Test
    void shouldServeTheApiOnTheSocketAndOnTheTcpPort() throws Exception {
        // when
        String overSocket = exchange(socket, "GET /health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        HttpResponse<String> overTcp = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.getPort() + "/health")).build(),
                HttpResponse.BodyHandlers.ofString());

        // then
        assertTrue(overSocket.startsWith("HTTP/1.1 200"), overSocket);
        assertEquals(200, overTcp.statusCode());
    }

    @Test
    void shouldServeOnNettysEpollTransportOnLinux() {
        // given: the pom ships epoll's native library for Linux on x86-64, where Gavel runs
        assumeTrue("Linux".equals(System.getProperty("os.name")) && "amd64".equals(System.getProperty("os.arch")));

        // when
        EventLoopGroup workers = instance.getApplicationContext().getBean(EventLoopGroupRegistry.class)
                .getDefaultEventLoopGroup();

        // then: the library loads, and the connections (the socket's among them, served above) are on epoll, not NIO
        assertTrue(Epoll.isAvailable(), () -> "epoll did not load: " + Epoll.unavailabilityCause());
        assertTrue(((IoEventLoopGroup) workers).isIoType(EpollIoHandler.class), workers.toString());
    }

    @Test
    void shouldCountTheForwardedClientOfARequestOnTheSocket() throws Exception {
        // given: the socket's peer (nginx) forwards for one client until that client's registrations run out
        String crowded = "203.0.113." + (int) (Math.random() * 200 + 1);
        for (int i = 0; i < 3; i++) {
            assertTrue(register(crowded).startsWith("HTTP/1.1 400"));
        }

        // when
        String refused = register(crowded);
        String other = register("198.51.100.7");

        // then
        assertTrue(refused.startsWith("HTTP/1.1 429"), refused);
        assertTrue(other.startsWith("HTTP/1.1 400"), other);
    }

    @Test
    void shouldRefuseToStartOnASocketAnotherInstanceAnswersOn() {
        // when
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> LocalSocketListener.removeStale(socket));

        // then
        assertTrue(refused.getMessage().contains("in use"), refused.getMessage());
        assertTrue(Files.exists(socket));
    }

    @Test
    void shouldRemoveASocketNobodyAnswersOn() throws IOException {
        // given: a socket file left behind by a process that is gone
        Path stale = dir.resolve("stale.sock");
        try (ServerSocketChannel gone = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            gone.bind(UnixDomainSocketAddress.of(stale));
        }
        assertTrue(Files.exists(stale));

        // when
        LocalSocketListener.removeStale(stale);

        // then
        assertFalse(Files.exists(stale));
    }

    @Test
    void shouldNeverRemoveAFileThatIsNotASocket() throws IOException {
        // given
        Path file = Files.writeString(dir.resolve("notes.txt"), "keep me");

        // when
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> LocalSocketListener.removeStale(file));

        // then
        assertTrue(refused.getMessage().contains("not a socket"), refused.getMessage());
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void shouldNeverRemoveAPipe() throws Exception {
        // given: a named pipe, which a connect refuses like a dead socket
        Path pipe = dir.resolve("pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());

        // when
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> LocalSocketListener.removeStale(pipe));

        // then
        assertTrue(refused.getMessage().contains("not a socket"), refused.getMessage());
        assertTrue(Files.exists(pipe, LinkOption.NOFOLLOW_LINKS));
    }

    private static String register(String forwardedFor) throws IOException {
        String body = "{}";
        return exchange(socket, "POST /users HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n"
                + "Content-Type: application/json\r\nX-Forwarded-For: " + forwardedFor + "\r\n"
                + "Content-Length: " + body.length() + "\r\n\r\n" + body);
    }

    /** One request on a fresh connection to the socket; the whole answer, read until the server closes. */
    private static String exchange(Path path, String request) throws IOException {
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            ByteBuffer buffer = ByteBuffer.allocate(8192);
            while (channel.read(buffer) >= 0) {
                answer.write(buffer.array(), 0, buffer.position());
                buffer.clear();
            }
            return answer.toString(StandardCharsets.US_ASCII);
        }
    }
}
