package dev.gavel.acceptor.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A TCP proxy on a loopback port in front of another, whose open connections can be made to go silent
 * as behind a network blackhole: from then on nothing passes in either direction, yet both sockets stay
 * open, so neither side sees a reset or an end. Connections opened later pass data normally, unless new
 * connections are silenced too.
 */
public final class BlackholeProxy implements AutoCloseable {

    private static final int BUFFER_BYTES = 16 * 1024;

    private final int targetPort;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "blackhole-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private volatile boolean silenceNew;

    private BlackholeProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    }

    /** Starts a proxy to {@code targetPort} on 127.0.0.1. */
    public static BlackholeProxy to(int targetPort) {
        try {
            BlackholeProxy proxy = new BlackholeProxy(targetPort);
            proxy.threads.execute(proxy::acceptAll);
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("could not open the proxy's port", e);
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Every connection accepted so far, silenced or not. */
    public int connectionsOpened() {
        return links.size();
    }

    /** Connections whose client has closed its end (seen even on a silenced connection). */
    public int connectionsClosedByClient() {
        return (int) links.stream().filter(link -> link.closedByClient).count();
    }

    /** Makes every connection open now go silent; later connections pass data normally. */
    public void silenceOpenConnections() {
        for (Link link : links) {
            link.silent = true;
        }
    }

    /** Makes connections opened from now on silent from the start (accepted, but nothing passes), or not. */
    public void silenceNewConnections(boolean silent) {
        silenceNew = silent;
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            links.forEach(Link::close);
            threads.shutdownNow();
        }
    }

    private void acceptAll() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket target = new Socket();
                target.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort), 1000);
                Link link = new Link(client, target);
                link.silent = silenceNew;
                links.add(link);
                threads.execute(() -> link.pump(client, target));
                threads.execute(() -> link.pump(target, client));
            } catch (IOException closedOrRefused) {
                // the proxy is closing, or the target refused: the client sees its connection end
            }
        }
    }

    /** One proxied connection: the client's socket and the proxy's socket to the target. */
    private static final class Link {

        private final Socket client;
        private final Socket target;
        private volatile boolean silent;
        private volatile boolean closedByClient;

        Link(Socket client, Socket target) {
            this.client = client;
            this.target = target;
        }

        /** Copies {@code from} to {@code to} until either ends; while silent, reads and drops. */
        void pump(Socket from, Socket to) {
            byte[] buffer = new byte[BUFFER_BYTES];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) != -1) {
                    if (!silent) {
                        out.write(buffer, 0, read);
                        out.flush();
                    }
                }
                closedByClient |= from == client;
            } catch (IOException ended) {
                // one side closed or reset: end the whole link, as below
            }
            if (!silent) {
                close();
            }
        }

        void close() {
            closeQuietly(client);
            closeQuietly(target);
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException alreadyBroken) {
                // nothing left to release
            }
        }
    }
}
