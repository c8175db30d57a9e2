package dev.gavel.acceptor.auth;

import dev.gavel.contract.ForwardedClients;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.List;

/** The client address of a Vert.x request, as the abuse limits count it ({@link ForwardedClients}). */
public final class ClientAddresses {

    private final ForwardedClients clients;

    public ClientAddresses(List<String> trustedProxies) {
        this.clients = new ForwardedClients(trustedProxies);
    }

    public String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        String peer = remote == null ? null : remote.hostAddress();
        return clients.resolve(peer, request.headers().getAll("X-Forwarded-For"), request.getHeader("X-Real-IP"));
    }
}
