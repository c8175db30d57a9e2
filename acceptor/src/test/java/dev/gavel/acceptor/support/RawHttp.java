package dev.gavel.acceptor.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * Sends one request as exact bytes and reads the answer until the server closes: for header values
 * and paths that {@code java.net.http} refuses to send (control characters, bytes above 0x7F).
 */
public final class RawHttp {

    private RawHttp() {
    }

    /** An answer: the status and the body (chunked bodies are not decoded; the tests' answers are not chunked). */
    public record Answer(int status, String body) {
    }

    /** {@code head} holds the request line and headers, each ending with CRLF, without the blank line. */
    public static Answer send(int port, byte[] head, byte[] body) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(head);
            out.write(("Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            try {
                out.write(body);
                out.flush();
            } catch (SocketException e) {
                // The server refused the body before reading all of it (too large); its answer is waiting.
                socket.shutdownOutput();
            }
            return parse(readAll(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                bytes.write(buffer, 0, n);
            }
        } catch (SocketException e) {
            // A server that answers before it read the whole (oversized) body resets the connection;
            // what arrived before the reset is the answer.
            if (bytes.size() == 0) {
                throw e;
            }
        }
        return bytes.toByteArray();
    }

    private static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.UTF_8);
        int headEnd = text.indexOf("\r\n\r\n");
        if (!text.startsWith("HTTP/1.") || headEnd < 0) {
            throw new IllegalStateException("not an HTTP answer: " + text);
        }
        return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(headEnd + 4));
    }
}
