package dev.gavel.acceptor.auth;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The client address the abuse limits count against: the connection's peer, unless the peer is a trusted
 * proxy (GAVEL_TRUSTED_PROXIES, loopback by default). Behind one, X-Forwarded-For is read from the right,
 * skipping trusted proxies; the first address that is not one is the client. nginx appends the address it
 * saw ({@code $proxy_add_x_forwarded_for}), so whatever a client wrote itself stays to its left, unread.
 * Without X-Forwarded-For, a trusted peer's X-Real-IP is used.
 */
public final class ClientAddresses {

    static final String UNKNOWN = "unknown";

    private final TrustedProxies trusted;

    public ClientAddresses(List<String> trustedProxies) {
        this.trusted = TrustedProxies.parse(Objects.requireNonNull(trustedProxies, "trustedProxies"));
    }

    public String of(HttpServerRequest request) {
        SocketAddress remote = request.remoteAddress();
        String peer = remote == null ? null : remote.hostAddress();
        return resolve(peer, request.headers().getAll("X-Forwarded-For"), request.getHeader("X-Real-IP"));
    }

    String resolve(String peer, List<String> forwardedFor, String realIp) {
        byte[] peerBytes = TrustedProxies.literal(peer);
        if (peerBytes == null) {
            return peer == null ? UNKNOWN : peer;
        }
        if (!trusted.contains(peerBytes)) {
            return peer;
        }
        List<String> hops = new ArrayList<>();
        for (String header : forwardedFor) {
            for (String hop : header.split(",")) {
                if (!hop.isBlank()) {
                    hops.add(hop.trim());
                }
            }
        }
        if (hops.isEmpty() && realIp != null) {
            hops.add(realIp.trim());
        }
        String client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            byte[] hop = TrustedProxies.literal(hops.get(i));
            if (hop == null) {
                break;
            }
            client = hops.get(i);
            if (!trusted.contains(hop)) {
                break;
            }
        }
        return client;
    }
}
