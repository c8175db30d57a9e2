package dev.gavel.bench.runner;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HashSet;
import java.util.Set;

/** Hands out free loopback ports, never the same one twice, never one something listens on. */
final class Ports {

    private final Set<Integer> taken = new HashSet<>();

    /** A port counts as taken from now on (the stack's own ports, once bin/gavel chose them). */
    void reserve(int port) {
        taken.add(port);
    }

    /** The first free port from {@code from} upwards. */
    int next(int from) {
        int port = from;
        while (taken.contains(port) || inUse(port)) {
            port++;
        }
        taken.add(port);
        return port;
    }

    static boolean inUse(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
