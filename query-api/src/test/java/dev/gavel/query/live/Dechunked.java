package dev.gavel.query.live;

import java.io.IOException;
import java.io.InputStream;

/** The payload of an HTTP/1.1 chunked body, read from the stream positioned after the headers. */
final class Dechunked extends InputStream {

    private final InputStream in;
    private int left;
    private boolean done;

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
        String line = line();
        if (line.isEmpty()) {
            line = line();
        }
        left = Integer.parseInt(line.trim(), 16);
        if (left == 0) {
            done = true;
            return false;
        }
        return true;
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection ended inside a chunked body");
            }
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
