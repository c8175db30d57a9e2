package dev.gavel.contract;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Which client address the abuse limits count against, the same in every service: the connection's peer,
 * unless the peer is a trusted proxy (GAVEL_TRUSTED_PROXIES, loopback by default). Behind one,
 * X-Forwarded-For is read from the right, skipping trusted proxies; the first address that is not one is
 * the client. nginx appends the address it saw ({@code $proxy_add_x_forwarded_for}), so whatever a client
 * wrote itself stays to its left, unread. Without X-Forwarded-For, a trusted peer's X-Real-IP is used. A
 * hop that is not a literal IP stops the walk at the last good one. A peer on a local (Unix domain) socket
 * is trusted like a proxy: only the processes its directory's permissions admit, nginx, can connect to it.
 */
public final class ForwardedClients {

    /** The address of a request whose peer is unknown. */
    public static final String UNKNOWN = "unknown";

    /** The address of a request from a local socket's peer that named no client. */
    public static final String LOCAL = "local";

    private final TrustedProxies trusted;

    public ForwardedClients(List<String> trustedProxies) {
        this.trusted = TrustedProxies.parse(Objects.requireNonNull(trustedProxies, "trustedProxies"));
    }

    /** {@code forwardedFor}: every X-Forwarded-For header of the request, in order; {@code realIp} may be null. */
    public String resolve(String peer, List<String> forwardedFor, String realIp) {
        byte[] peerBytes = TrustedProxies.literal(peer);
        if (peerBytes == null) {
            return peer == null ? UNKNOWN : peer;
        }
        if (!trusted.contains(peerBytes)) {
            return peer;
        }
        return walk(peer, forwardedFor, realIp);
    }

    /** As {@link #resolve}, for a request that came through a local (Unix domain) socket. */
    public String resolveLocal(List<String> forwardedFor, String realIp) {
        return walk(LOCAL, forwardedFor, realIp);
    }

    private String walk(String peer, List<String> forwardedFor, String realIp) {
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
