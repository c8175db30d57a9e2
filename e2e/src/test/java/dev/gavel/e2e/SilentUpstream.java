package dev.gavel.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in upstream that receives whole requests and never answers them: it either closes the
 * connection once it has read a request ({@link #closingAfterRequest}) or holds it open in silence
 * ({@link #neverAnswering}). It counts the requests it received, so a test knows one was passed on.
 */
final class SilentUpstream implements AutoCloseable {

    private final ServerSocket server;
    private final boolean close;
    private final List<Socket> held = new ArrayList<>();
    private final Thread acceptor;
    private int received;

    private SilentUpstream(boolean close) {
        this.close = close;
        try {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        acceptor = new Thread(this::serve, "silent-upstream");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static SilentUpstream closingAfterRequest() {
        return new SilentUpstream(true);
    }

    static SilentUpstream neverAnswering() {
        return new SilentUpstream(false);
    }

    int port() {
        return server.getLocalPort();
    }

    synchronized int received() {
        return received;
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                Thread reader = new Thread(() -> readThenWait(socket), "silent-upstream-connection");
                reader.setDaemon(true);
                reader.start();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void readThenWait(Socket socket) {
        try {
            InputStream in = socket.getInputStream();
            int matched = 0;
            byte[] end = {'\r', '\n', '\r', '\n'};
            for (int b = in.read(); b >= 0 && matched < 4; b = in.read()) {
                matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
            }
            synchronized (this) {
                received++;
                held.add(socket);
            }
            if (close) {
                socket.close();
            }
        } catch (IOException e) {
            // nginx gave up on the connection first; nothing to do.
        }
    }

    @Override
    public synchronized void close() {
        try {
            server.close();
            for (Socket socket : held) {
                socket.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
