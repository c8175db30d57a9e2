package dev.gavel.bench.live;

import java.net.URI;

/** A server the tool talks to: always 127.0.0.1 (load never leaves this machine), and a port. */
record Target(String host, int port) {

    static final String LOOPBACK = "127.0.0.1";

    /** From "http://127.0.0.1:PORT" (a trailing slash allowed); any other host is refused. */
    static Target parse(String url) {
        URI uri = URI.create(url);
        if (!"http".equals(uri.getScheme()) || !LOOPBACK.equals(uri.getHost()) || uri.getPort() < 1) {
            throw new IllegalArgumentException("only http://127.0.0.1:PORT is allowed, not " + url);
        }
        return new Target(uri.getHost(), uri.getPort());
    }
}
