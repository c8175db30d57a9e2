package dev.gavel.query.auth;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * The client address the abuse limits count against. The peer of the connection, unless the peer is a
 * trusted proxy (GAVEL_TRUSTED_PROXIES, loopback by default): then X-Forwarded-For is read from the
 * right, skipping trusted proxies, and the first address that is not one is the client. nginx appends
 * the address it saw ({@code $proxy_add_x_forwarded_for}), so entries a client wrote itself stay to the
 * left of it and are never reached. Without X-Forwarded-For, a trusted peer's X-Real-IP is used.
 */
@Singleton
public class ClientAddresses {

    static final String UNKNOWN = "unknown";

    private final TrustedProxies trusted;

    public ClientAddresses(AbuseConfig config) {
        this.trusted = TrustedProxies.parse(config.getTrustedProxies());
    }

    /** The address of the request being served on this thread. */
    public String current() {
        return ServerRequestContext.currentRequest().map(this::of).orElse(UNKNOWN);
    }

    public String of(HttpRequest<?> request) {
        InetSocketAddress remote = request.getRemoteAddress();
        String peer = remote == null || remote.getAddress() == null ? null : remote.getAddress().getHostAddress();
        return resolve(peer, request.getHeaders().getAll("X-Forwarded-For"), request.getHeaders().get("X-Real-IP"));
    }

    String resolve(String peer, List<String> forwardedFor, String realIp) {
        byte[] peerBytes = TrustedProxies.literal(peer);
        if (peerBytes == null) {
            return peer == null ? UNKNOWN : peer;
        }
        if (!trusted.contains(peerBytes)) {
            return peer;
        }
        String client = peer;
        List<String> hops = forwardedFor.stream()
                .flatMap(header -> Arrays.stream(header.split(",")))
                .map(String::trim).filter(hop -> !hop.isEmpty()).toList();
        if (hops.isEmpty() && realIp != null) {
            hops = List.of(realIp.trim());
        }
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
