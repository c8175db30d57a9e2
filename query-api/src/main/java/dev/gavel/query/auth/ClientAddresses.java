package dev.gavel.query.auth;

import dev.gavel.contract.ForwardedClients;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import io.micronaut.http.server.netty.NettyHttpRequest;
import jakarta.inject.Singleton;

import java.net.InetSocketAddress;

/** The client address of a Micronaut request, as the abuse limits count it ({@link ForwardedClients}). */
@Singleton
public class ClientAddresses {

    private final ForwardedClients clients;

    public ClientAddresses(AbuseConfig config) {
        this.clients = new ForwardedClients(config.getTrustedProxies());
    }

    /** The address of the request being served on this thread. */
    public String current() {
        return ServerRequestContext.currentRequest().map(this::of).orElse(ForwardedClients.UNKNOWN);
    }

    public String of(HttpRequest<?> request) {
        // On the local socket nginx uses (GAVEL_QUERY_SOCKET) the peer has no IP address, and Micronaut's
        // getRemoteAddress() would fail casting it to one.
        if (request instanceof NettyHttpRequest<?> netty
                && !(netty.getChannelHandlerContext().channel().remoteAddress() instanceof InetSocketAddress)) {
            return clients.resolveLocal(request.getHeaders().getAll("X-Forwarded-For"), request.getHeaders().get("X-Real-IP"));
        }
        InetSocketAddress remote = request.getRemoteAddress();
        String peer = remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
        return clients.resolve(peer, request.getHeaders().getAll("X-Forwarded-For"), request.getHeaders().get("X-Real-IP"));
    }
}
