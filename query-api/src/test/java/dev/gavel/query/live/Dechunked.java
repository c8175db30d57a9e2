package dev.gavel.query.live;

import java.io.IOException;
import java.io.InputStream;

/**
 * The payload of an HTTP/1.1 chunked body, read from the stream positioned after the headers. Strict about the
 * framing (every chunk's data is followed by exactly CRLF, every size is hex), because the live streams frame
 * their chunks themselves, below Netty's encoder.
 */
final class Dechunked extends InputStream {

    private final InputStream in;
    private int left;
    private boolean done;
    private boolean started;

    Dechunked(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        if (!ensure()) {
            return -1;
        }
        left--;
        return in.read();
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (!ensure()) {
            return -1;
        }
        int n = in.read(buffer, offset, Math.min(length, left));
        if (n > 0) {
            left -= n;
        }
        return n;
    }

    private boolean ensure() throws IOException {
        if (done) {
            return false;
        }
        if (left > 0) {
            return true;
        }
        if (started && !line().isEmpty()) {
            throw new IOException("a chunk's data was not followed by CRLF");
        }
        started = true;
        String line = line();
        if (!line.matches("[0-9a-fA-F]{1,8}")) {
            throw new IOException("not a chunk size: '" + line + "'");
        }
        left = Integer.parseInt(line, 16);
        if (left == 0) {
            done = true;
            return false;
        }
        return true;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\r'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection ended inside a chunked body");
            }
            if (c == '\n') {
                throw new IOException("a chunk line ended in a bare LF");
            }
            line.append((char) c);
        }
        if (in.read() != '\n') {
            throw new IOException("a chunk line's CR was not followed by LF");
        }
        return line.toString();
    }
}
