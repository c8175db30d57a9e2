package dev.gavel.query.live;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A text/event-stream client on a raw socket: sends one GET, keeps the status and headers, and parses the
 * body (chunked) into events and comment lines on a thread of its own.
 */
final class SseReader implements AutoCloseable {

    /** One dispatched event, or a comment line ({@code name} "comment", {@code data} its text). */
    record Sse(String name, String id, String data) {
    }

    private final Socket socket;
    private final BufferedReader reader;
    private final BlockingQueue<Sse> events = new LinkedBlockingQueue<>();
    private final int status;
    private final Map<String, String> headers = new HashMap<>();
    private final StringBuilder body = new StringBuilder();
    private volatile boolean ended;

    private SseReader(int port, String path, Map<String, String> requestHeaders) throws IOException {
        socket = new Socket("127.0.0.1", port);
        StringBuilder request = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n");
        requestHeaders.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        socket.getOutputStream().write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        InputStream raw = socket.getInputStream();
        socket.setSoTimeout(20_000);
        String statusLine = headLine(raw);
        status = Integer.parseInt(statusLine.substring(9, 12));
        for (String line = headLine(raw); !line.isEmpty(); line = headLine(raw)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(), line.substring(colon + 1).trim());
        }
        socket.setSoTimeout(0);
        InputStream payload = "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? new Dechunked(raw) : raw;
        reader = new BufferedReader(new InputStreamReader(payload, StandardCharsets.UTF_8));
        if (status == 200) {
            Thread thread = new Thread(this::parse, "sse-reader");
            thread.setDaemon(true);
            thread.start();
        } else {
            readBody();
        }
    }

    static SseReader open(int port, String path, Map<String, String> headers) {
        try {
            return new SseReader(port, path, headers);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int status() {
        return status;
    }

    String header(String name) {
        return headers.get(name.toLowerCase());
    }

    /** The body of a non-200 answer. */
    String body() {
        return body.toString();
    }

    boolean ended() {
        return ended;
    }

    /** The next event or comment, or null when none came within {@code wait}. */
    Sse next(Duration wait) throws InterruptedException {
        return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The next event that is not a comment. */
    Sse nextEvent(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Sse next = events.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (next == null || !next.name().equals("comment")) {
                return next;
            }
        }
    }

    /** Everything received so far. */
    List<Sse> drained() {
        List<Sse> all = new ArrayList<>();
        events.drainTo(all);
        return all;
    }

    private void readBody() throws IOException {
        char[] buffer = new char[4096];
        for (int n = reader.read(buffer); n >= 0; n = reader.read(buffer)) {
            body.append(buffer, 0, n);
            if (headers.containsKey("content-length")
                    && body.length() >= Integer.parseInt(headers.get("content-length"))) {
                break;
            }
        }
    }

    private static String headLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection ended inside the response head");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    private void parse() {
        String name = null;
        String id = null;
        StringBuilder data = null;
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Sse(name == null ? "message" : name, id, data.toString()));
                    }
                    name = null;
                    id = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    events.add(new Sse("comment", null, line.substring(1).trim()));
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).trim();
                } else if (line.startsWith("id:")) {
                    id = line.substring(3).trim();
                } else if (line.startsWith("data:")) {
                    String value = line.substring(5);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                }
            }
        } catch (IOException e) {
            events.add(new Sse("ended", null, e.toString()));
        } finally {
            ended = true;
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
