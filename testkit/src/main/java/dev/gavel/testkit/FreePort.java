package dev.gavel.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ThreadLocalRandom;

/** Asks the kernel for a port nobody listens on, so parallel test runs never collide. */
public final class FreePort {

    private FreePort() {
    }

    public static int next() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on 127.0.0.1", e);
        }
    }

    /**
     * A free base port for a whole stack (bin/gavel picks its internal ports just above it).
     * It lies below Linux's ephemeral range (32768 and up), where outgoing connections take their
     * local ports: a port taken that way cannot be seen by a connect probe, and a stack whose
     * internal ports sat there could lose one to any client between the check and the bind.
     */
    public static int forStack() {
        for (int attempt = 0; attempt < 200; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(20_000, 32_000) / 100 * 100;
            if (isFree(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000 on 127.0.0.1");
    }

    /**
     * A free port between 10000 and 20000, below both the ephemeral range and the stacks' base ports:
     * for servers that need several fixed ports each (a cluster node and its bus), where a port taken
     * by an outgoing connection between the check and the bind would fail the start.
     */
    public static int belowEphemeral() {
        for (int attempt = 0; attempt < 500; attempt++) {
            int candidate = ThreadLocalRandom.current().nextInt(10_000, 20_000);
            if (isFree(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free port between 10000 and 20000 on 127.0.0.1");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
